public import DriftCore
import DriftStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// False: event sequence numbers come from a PostgreSQL sequence, taken when a batch's statement runs
    /// and visible only when its transaction commits, so a later number can be seen before an earlier
    /// one. A read "after sequence s" could then miss a batch for good; every pass streams the whole
    /// window instead (memory still bounded by one chunk and the reference-sized state).
    public var incrementalWindowReads: Bool { false }

    /// Reads a window in chunks by keyset pagination on the `(model_id, ts, seq)` index, all in one
    /// REPEATABLE READ snapshot, so that each page is one short query and no page holds more than
    /// `chunkRows` rows in memory. `afterSequence` and `afterLabelChange` are not supported (see
    /// ``incrementalWindowReads``) and read nothing. With ``WindowChunkRequest/sliceColumns`` each chunk
    /// carries its rows' versions, shadow flags and tags, shadow rows included. This is the engine's only
    /// decoder of event rows: ``WindowStore/windowData(model:from:to:referenceVersion:)`` collects its
    /// chunks.
    public func readWindowChunks(_ request: WindowChunkRequest, _ body: (WindowData) -> Void) throws(StoreError)
        -> WindowChunkRead
    {
        let chunkRows = max(request.chunkRows, 1)
        let withSlices = request.sliceColumns
        let reserved = min(chunkRows, WindowChunkRead.defaultChunkRows)
        return try pool.withConnection { session in
            try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? session.execute("COMMIT") }
            guard let modelID = try Self.modelID(request.model, in: session) else {
                throw StoreError(.unknownModel, "model '\(request.model)' has no reference; upload one first")
            }
            var schema = try Self.schema(modelID: modelID, version: request.referenceVersion, in: session)
            if let features = request.features { schema.features.removeAll { !features.contains($0.name) } }
            let slots = try Self.featureSlots(modelID: modelID, in: session)
            let stored = try session.query("SELECT COALESCE(MAX(seq), 0) FROM event WHERE model_id = $1", [.int(modelID)])
                .first?.get(0, as: Int64.self) ?? 0
            let sequence = request.upToSequence.map { min($0, stored) } ?? stored
            guard request.afterSequence == nil else {
                return WindowChunkRead(rows: 0, sequence: sequence, labelSequence: 0, labelChanges: [], slicedRows: 0)
            }
            var total = 0
            var sliced = 0
            var after: (ts: Int64, seq: Int64) = (request.from, Int64.min)
            while true {
                let rows = try session.query(
                    """
                    SELECT e.ts, e.seq, e.features, e.prediction, e.score, l.label, e.latency_ms, e.shadow,
                        e.model_version IS NOT NULL OR e.tags IS NOT NULL, e.model_version, e.tags
                    FROM event e LEFT JOIN label l ON l.model_id = e.model_id AND l.event_id = e.event_id
                    WHERE e.model_id = $1 AND (e.ts, e.seq) > ($2, $3) AND e.ts < $4 AND e.seq <= $5
                    ORDER BY e.ts, e.seq LIMIT $6
                    """,
                    [.int(modelID), .int(after.ts), .int(after.seq), .int(request.to), .int(sequence), .int(Int64(chunkRows))])
                var builder = WindowColumnsBuilder(schema: schema, slots: slots, expectedRows: reserved)
                var sliceColumns = WindowSliceColumnsBuilder(expectedRows: withSlices ? reserved : 0)
                var timestamps: [Int64] = []
                var predictions: [ScalarValue?] = []
                var scores: [Double] = []
                var labels: [ScalarValue?] = []
                var latencies: [Double] = []
                var read = 0
                for row in rows {
                    read += 1
                    let cells = row.makeRandomAccess()
                    after = (try cells[0].decode(Int64.self), try cells[1].decode(Int64.self))
                    // Shadow predictions were not served: a slice of their own, outside the whole model, handed
                    // only to a reader that routes rows to slices.
                    let shadow = try cells[7].decode(Bool.self)
                    let marked = try cells[8].decode(Bool.self)
                    if shadow || marked { sliced += 1 }
                    if shadow && !withSlices { continue }
                    timestamps.append(after.ts)
                    let features = try cells[2].decode(ByteBuffer.self)
                    try features.withUnsafeReadableBytes { bytes in try builder.appendRow(bytes) }
                    predictions.append(try PostgresScalar.scalar(try cells[3].decode(String?.self)))
                    scores.append(try cells[4].decode(Double?.self) ?? .nan)
                    labels.append(try PostgresScalar.scalar(try cells[5].decode(String?.self)))
                    latencies.append(try cells[6].decode(Double?.self) ?? .nan)
                    if withSlices {
                        let tags = try cells[10].decode(ByteBuffer?.self)
                        try sliceColumns.append(
                            version: try cells[9].decode(String?.self), shadow: shadow,
                            tags: tags.map { buffer throws(StoreError) in
                                try buffer.withUnsafeReadableBytes { bytes throws(StoreError) in
                                    bytes.isEmpty ? [] : try TagCodec.decode(bytes)
                                }
                            } ?? [])
                    }
                }
                if !timestamps.isEmpty {
                    total += timestamps.count
                    var chunk = WindowData(
                        start: request.from, end: request.to, schema: schema, columns: builder.columns(),
                        timestamps: timestamps, predictions: predictions, scores: scores, labels: labels,
                        latencies: latencies)
                    if withSlices { chunk.sliceColumns = sliceColumns.finish() }
                    body(chunk)
                }
                if read < chunkRows { break }
            }
            return WindowChunkRead(
                rows: total, sequence: sequence, labelSequence: 0, labelChanges: [], slicedRows: sliced, schema: schema)
        }
    }
}

extension PostgresStore {
    /// The schema of reference `version` of the model (nil: its latest).
    /// - Throws: ``StoreError/Code/unknownReferenceVersion`` when there is no such version.
    static func schema(modelID: Int64, version: Int?, in session: Session) throws -> ModelSchema {
        let row: PostgresRow?
        if let version {
            row = try session.query(
                "SELECT schema_json FROM reference WHERE model_id = $1 AND version = $2", [.int(modelID), .int(Int64(version))]
            ).first
        } else {
            row = try session.query(
                """
                SELECT r.schema_json FROM reference r JOIN model m ON m.id = r.model_id AND r.version = m.latest_version
                WHERE m.id = $1
                """, [.int(modelID)]
            ).first
        }
        guard let row else {
            throw StoreError(.unknownReferenceVersion, "no reference version \(version.map(String.init) ?? "latest")")
        }
        return try SQLiteStore.decodeSchema(try row.get(0, as: String.self))
    }
}
