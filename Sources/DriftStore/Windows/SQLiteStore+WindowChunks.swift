public import DriftCore
import DriftStats
import GRDB

extension SQLiteStore {
    /// Sequence numbers are `rowid`s given under the write lock, so they become visible in order.
    public var incrementalWindowReads: Bool { true }

    /// Reads the events of `model` with `from ≤ timestamp < to` in chunks of at most `chunkRows` rows,
    /// each a ``WindowData`` of columns, and hands each to `body`: the memory a read holds is one chunk,
    /// whatever the window's size. Shadow predictions are left out (counted in
    /// ``WindowChunkRead/slicedRows``) unless the request asks for the slice columns, which each chunk then
    /// carries (``WindowChunkRequest/sliceColumns``). This is the store's only decoder of event rows:
    /// ``WindowStore/windowData(model:from:to:referenceVersion:)`` collects its chunks.
    ///
    /// The whole read is one snapshot (one read transaction). A full read (`afterSequence` nil) walks the
    /// `(model_id, ts)` index in event-time order; an incremental read walks the
    /// events stored after that sequence number in arrival order, so it costs what arrived, not the window.
    ///
    /// - Parameters:
    ///   - referenceVersion: the reference whose schema decides the columns; nil for the latest.
    ///   - afterSequence: read only events with a larger sequence number (nil for all).
    ///   - upToSequence: read only events up to this sequence number (nil: all in the snapshot).
    ///   - afterLabelChange: with `afterSequence`, also return the label changes logged after this position
    ///     for the window's events up to `afterSequence` (nil: none).
    ///   - features: decode only these features' columns (nil: every schema feature).
    ///   - chunkRows: the most rows per chunk (≥ 1).
    ///   - sliceColumns: hand each row's version, shadow flag and tags, shadow rows included.
    ///   - body: called once per chunk, in read order.
    /// - Returns: the rows read and the snapshot's sequence number, for the next incremental read.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/unknownReferenceVersion``,
    ///   ``StoreError/Code/corruptData``.
    public func readWindowChunks(_ request: WindowChunkRequest, _ body: (WindowData) -> Void) throws(StoreError)
        -> WindowChunkRead
    {
        let (model, from, to, referenceVersion) = (request.model, request.from, request.to, request.referenceVersion)
        let (afterSequence, upToSequence, afterLabelChange) = (request.afterSequence, request.upToSequence, request.afterLabelChange)
        let (features, chunkRows, withSlices) = (request.features, max(request.chunkRows, 1), request.sliceColumns)
        // The body folds one chunk while the next is stepped (``ChunkHandoff``); the thread that folds it
        // decodes its feature rows first (``PendingWindowChunk``).
        return try ChunkHandoff.run(to: body) { body, recycler throws(StoreError) in
            try read { db in
                let modelID = try ModelRow.requireID(of: model, in: db)
                var schema = try schema(modelID: modelID, version: referenceVersion, in: db)
                if let features { schema.features.removeAll { !features.contains($0.name) } }
                let slots = try FeatureSlots(modelID: modelID, in: db).slots
                let stored = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
                let sequence = upToSequence.map { min($0, stored) } ?? stored
                let labelSequence =
                    try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'label_change'") ?? 0
                var changes: [LabelChange] = []
                if let afterLabelChange, let afterSequence {
                    changes = try Self.labelChanges(
                        modelID: modelID, from: from, to: to, afterChange: afterLabelChange, upToChange: labelSequence,
                        eventsUpTo: afterSequence, in: db)
                }
                // The unary + keeps SQLite off the time index for an incremental read: the rowid range of the
                // new events is the short walk.
                let sql =
                    afterSequence != nil
                    ? """
                    SELECT ts, features, prediction, score, label, latency_ms, shadow,
                        model_version IS NOT NULL OR tags IS NOT NULL, model_version, tags FROM event
                    WHERE seq > ? AND seq <= ? AND +model_id = ? AND +ts >= ? AND +ts < ? ORDER BY seq
                    """
                    : """
                    SELECT ts, features, prediction, score, label, latency_ms, shadow,
                        model_version IS NOT NULL OR tags IS NOT NULL, model_version, tags FROM event
                    WHERE model_id = ? AND ts >= ? AND ts < ? AND seq <= ? ORDER BY ts, seq
                    """
                let arguments: StatementArguments =
                    if let afterSequence { [afterSequence, sequence, modelID, from, to] } else { [modelID, from, to, sequence] }
                let statement = try db.makeStatement(sql: sql)
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                let columns = RawColumnReader(statement: statement.sqliteStatement)
                var chunk = WindowChunkBuilder(
                    start: from, end: to, schema: schema, slots: slots, reserved: request.reservedRows(upTo: sequence),
                    sliceColumns: withSlices, recycler: recycler)
                var total = 0
                var sliced = 0
                while try rows.next() != nil {
                    // Shadow predictions were not served: a slice of their own, outside the whole model, handed
                    // only to a reader that routes rows to slices.
                    let shadow = columns.int64(6) != 0
                    if shadow || columns.int64(7) != 0 { sliced += 1 }
                    if shadow && !withSlices { continue }
                    try chunk.append(columns)
                    total += 1
                    if chunk.count == chunkRows { body(chunk.take()) }
                }
                if chunk.count > 0 { body(chunk.take()) }
                return WindowChunkRead(
                    rows: total, sequence: sequence, labelSequence: labelSequence, labelChanges: changes, slicedRows: sliced,
                    schema: schema)
            }
        }
    }

    /// The label changes in (`afterChange`, `upToChange`] of the window's events with a sequence number up
    /// to `eventsUpTo`, one per event: the label before its first change in the range, and its label now.
    private static func labelChanges(
        modelID: Int64, from: Int64, to: Int64, afterChange: Int64, upToChange: Int64, eventsUpTo: Int64,
        in db: Database
    ) throws -> [LabelChange] {
        guard upToChange > afterChange else { return [] }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.previous_label, e.label, e.prediction, e.score FROM label_change c
                JOIN event e ON e.seq = c.event_seq
                WHERE c.model_id = ? AND c.seq > ? AND c.seq <= ? AND e.seq <= ? AND e.ts >= ? AND e.ts < ? AND e.shadow = 0
                AND c.seq = (SELECT MIN(f.seq) FROM label_change f
                             WHERE f.event_seq = c.event_seq AND f.seq > ? AND f.seq <= ?)
                ORDER BY c.seq
                """,
            arguments: [modelID, afterChange, upToChange, eventsUpTo, from, to, afterChange, upToChange])
        var changes: [LabelChange] = []
        while let row = try rows.next() {
            let score: Double? = row[3]
            changes.append(
                LabelChange(
                    previousLabel: try StoredScalar.scalar(row[0]), label: try StoredScalar.scalar(row[1]),
                    prediction: try StoredScalar.scalar(row[2]), score: score ?? .nan))
        }
        return changes
    }
}

/// The rows of one chunk as they are read: a ``WindowColumnsBuilder`` for the features, one array per
/// other column, and the slice columns when the read asked for them.
private struct WindowChunkBuilder {
    let start: Int64
    let end: Int64
    let schema: ModelSchema
    let slots: [String: Int]
    let withSlices: Bool
    /// Where the buffers of chunks the reader is done with come back from.
    let recycler: ChunkRecycler
    /// Rows reserved per chunk (``WindowChunkRequest/reservedRows(upTo:)``).
    private let reserved: Int
    /// Nil after ``take()`` until the next row: the buffers of a chunk that never comes are not allocated.
    private var rows: EncodedFeatureRows?
    private var slices: WindowSliceColumnsBuilder
    private var timestamps: [Int64] = []
    private var predictions: [ScalarValue?] = []
    private var scores: [Double] = []
    private var labels: [ScalarValue?] = []
    private var latencies: [Double] = []

    init(
        start: Int64, end: Int64, schema: ModelSchema, slots: [String: Int], reserved: Int, sliceColumns: Bool,
        recycler: ChunkRecycler
    ) {
        self.recycler = recycler
        self.start = start
        self.end = end
        self.schema = schema
        self.slots = slots
        self.reserved = reserved
        withSlices = sliceColumns
        slices = WindowSliceColumnsBuilder(expectedRows: 0)
    }

    var count: Int { timestamps.count }

    /// Appends the statement's current row (`ts, features, prediction, score, label, latency_ms, shadow, _,
    /// model_version, tags`).
    mutating func append(_ columns: RawColumnReader) throws(StoreError) {
        if rows == nil { startChunk() }
        timestamps.append(columns.int64(0))
        try columns.withBlob(1) { bytes throws(StoreError) in rows!.append(bytes) }
        predictions.append(try columns.scalar(2))
        scores.append(columns.double(3))
        labels.append(try columns.scalar(4))
        latencies.append(columns.double(5))
        if withSlices {
            slices.append(
                version: columns.text(8), shadow: columns.int64(6) != 0,
                tags: try columns.withBlob(9) { bytes throws(StoreError) in
                    bytes.isEmpty ? [] : try TagCodec.decode(bytes)
                })
        }
    }

    /// The chunk so far, its feature rows still encoded, leaving the builder empty for the next one.
    mutating func take() -> PendingWindowChunk {
        var data = WindowData(
            start: start, end: end, schema: schema, columns: [], timestamps: timestamps,
            predictions: predictions, scores: scores, labels: labels, latencies: latencies)
        if withSlices { data.sliceColumns = slices.finish() }
        defer { rows = nil }
        timestamps = []
        predictions = []
        scores = []
        labels = []
        latencies = []
        return PendingWindowChunk(data: data, rows: rows ?? EncodedFeatureRows(reservingRows: 0), slots: slots)
    }

    /// Takes the next chunk's buffers: those of a chunk handed back to the recycler, or new ones.
    private mutating func startChunk() {
        rows = recycler.takeRows() ?? EncodedFeatureRows(reservingRows: reserved)
        if var spare = recycler.takeData() {
            timestamps = Self.emptied(&spare.timestamps)
            predictions = Self.emptied(&spare.predictions)
            scores = Self.emptied(&spare.scores)
            labels = Self.emptied(&spare.labels)
            latencies = Self.emptied(&spare.latencies)
        }
        if withSlices { slices = WindowSliceColumnsBuilder(expectedRows: reserved) }
        timestamps.reserveCapacity(reserved)
        predictions.reserveCapacity(reserved)
        scores.reserveCapacity(reserved)
        labels.reserveCapacity(reserved)
        latencies.reserveCapacity(reserved)
    }

    /// `array`'s buffer, emptied, leaving `array` empty: the buffer is held once, so emptying it keeps it.
    private static func emptied<Element>(_ array: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &array)
        taken.removeAll(keepingCapacity: true)
        return taken
    }
}

/// A chunk as the reading thread hands it over: every column but the features decoded, the feature rows
/// still encoded. The thread that takes it decodes them (``ChunkHandoff``, ``ChunkDecoder``).
struct PendingWindowChunk: Sendable {
    let data: WindowData
    let rows: EncodedFeatureRows
    let slots: [String: Int]
}
