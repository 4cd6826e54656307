public import DriftCore
import DriftStats
import GRDB

/// How far a chunked window read went.
public struct WindowChunkRead: Sendable, Equatable {
    /// Rows read.
    public var rows: Int
    /// The largest event sequence number the read covered: every event of the window up to it was read,
    /// so an incremental read continues after it. 0 for an empty store.
    public var sequence: Int64
    /// The last label change logged in the read's snapshot.
    public var labelSequence: Int64
    /// The label changes after `afterLabelChange` of the window's events up to `afterSequence` (events
    /// folded before), oldest first, one per event: the label it had then and the one it has now.
    public var labelChanges: [LabelChange]
}

/// A change of a stored event's label, for an evaluation state that folded the event with its earlier
/// label.
public struct LabelChange: Sendable, Equatable {
    /// The label the event had before the changes (nil: none).
    public var previousLabel: ScalarValue?
    /// The label it has now.
    public var label: ScalarValue?
    /// The event's prediction and score (NaN when none).
    public var prediction: ScalarValue?
    public var score: Double

    public init(previousLabel: ScalarValue?, label: ScalarValue?, prediction: ScalarValue?, score: Double) {
        self.previousLabel = previousLabel
        self.label = label
        self.prediction = prediction
        self.score = score
    }
}

extension SQLiteStore {
    /// Default rows per chunk of ``forEachWindowChunk(model:from:to:referenceVersion:afterSequence:chunkRows:_:)``:
    /// 65 536 rows of 25 features decode into about 12 MiB of columns; fewer rows per chunk spread each
    /// fold's work over more passes through its reference tables.
    public static let windowChunkRows = 65_536

    /// Reads the events of `model` with `from ≤ timestamp < to` in chunks of at most `chunkRows` rows, each
    /// a ``WindowData`` of columns like ``windowData(model:from:to:referenceVersion:)`` returns, and hands
    /// each to `body`: the memory a read holds is one chunk, whatever the window's size.
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
    ///   - body: called once per chunk, in read order.
    /// - Returns: the rows read and the snapshot's sequence number, for the next incremental read.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/unknownReferenceVersion``,
    ///   ``StoreError/Code/corruptData``.
    @discardableResult
    public func forEachWindowChunk(
        model: ModelName, from: Int64, to: Int64, referenceVersion: Int? = nil, afterSequence: Int64? = nil,
        upToSequence: Int64? = nil, afterLabelChange: Int64? = nil, features: Set<String>? = nil, chunkRows: Int = SQLiteStore.windowChunkRows, _ body: (WindowData) -> Void
    ) throws(StoreError) -> WindowChunkRead {
        let chunkRows = max(chunkRows, 1)
        return try read { db in
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
                SELECT ts, features, prediction, score, label, latency_ms FROM event
                WHERE seq > ? AND seq <= ? AND +model_id = ? AND +ts >= ? AND +ts < ? ORDER BY seq
                """
                : """
                SELECT ts, features, prediction, score, label, latency_ms FROM event
                WHERE model_id = ? AND ts >= ? AND ts < ? AND seq <= ? ORDER BY ts, seq
                """
            let arguments: StatementArguments =
                if let afterSequence { [afterSequence, sequence, modelID, from, to] } else { [modelID, from, to, sequence] }
            let statement = try db.makeStatement(sql: sql)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            let columns = RawColumnReader(statement: statement.sqliteStatement)
            var chunk = WindowChunkBuilder(start: from, end: to, schema: schema, slots: slots, capacity: chunkRows)
            var total = 0
            while try rows.next() != nil {
                try chunk.append(columns)
                total += 1
                if chunk.count == chunkRows { body(chunk.take()) }
            }
            if chunk.count > 0 { body(chunk.take()) }
            return WindowChunkRead(
                rows: total, sequence: sequence, labelSequence: labelSequence, labelChanges: changes)
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
                WHERE c.model_id = ? AND c.seq > ? AND c.seq <= ? AND e.seq <= ? AND e.ts >= ? AND e.ts < ?
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

/// The rows of one chunk as they are read: a ``WindowColumnsBuilder`` for the features and one array per
/// other column.
private struct WindowChunkBuilder {
    let start: Int64
    let end: Int64
    let schema: ModelSchema
    let slots: [String: Int]
    let capacity: Int
    private var builder: WindowColumnsBuilder
    private var timestamps: [Int64] = []
    private var predictions: [ScalarValue?] = []
    private var scores: [Double] = []
    private var labels: [ScalarValue?] = []
    private var latencies: [Double] = []

    init(start: Int64, end: Int64, schema: ModelSchema, slots: [String: Int], capacity: Int) {
        self.start = start
        self.end = end
        self.schema = schema
        self.slots = slots
        self.capacity = capacity
        builder = WindowColumnsBuilder(schema: schema, slots: slots, expectedRows: capacity)
        reserve()
    }

    var count: Int { timestamps.count }

    /// Appends the statement's current row (`ts, features, prediction, score, label, latency_ms`).
    mutating func append(_ columns: RawColumnReader) throws(StoreError) {
        timestamps.append(columns.int64(0))
        try columns.withBlob(1) { bytes throws(StoreError) in try builder.appendRow(bytes) }
        predictions.append(try columns.scalar(2))
        scores.append(columns.double(3))
        labels.append(try columns.scalar(4))
        latencies.append(columns.double(5))
    }

    /// The chunk so far, leaving the builder empty for the next one.
    mutating func take() -> WindowData {
        let data = WindowData(
            start: start, end: end, schema: schema, columns: builder.columns(), timestamps: timestamps,
            predictions: predictions, scores: scores, labels: labels, latencies: latencies)
        builder = WindowColumnsBuilder(schema: schema, slots: slots, expectedRows: capacity)
        timestamps = []
        predictions = []
        scores = []
        labels = []
        latencies = []
        reserve()
        return data
    }

    private mutating func reserve() {
        timestamps.reserveCapacity(capacity)
        predictions.reserveCapacity(capacity)
        scores.reserveCapacity(capacity)
        labels.reserveCapacity(capacity)
        latencies.reserveCapacity(capacity)
    }
}
