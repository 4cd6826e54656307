public import DriftCore
import DriftStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// True: a model's events are numbered by its own counter (`model.event_seq`), raised under the model
    /// row lock that every write transaction of the model holds until it commits, so the events a snapshot
    /// sees are a prefix of the model's numbers and "after n" is a safe resume point (docs/storage.md,
    /// "Incremental window reads on PostgreSQL"); label changes are numbered the same way.
    public var incrementalWindowReads: Bool { true }

    /// Reads a window in chunks, all in one REPEATABLE READ snapshot, so that each page is one short query
    /// and no page holds more than `chunkRows` rows in memory. A full read pages by keyset on the
    /// `(model_id, ts, seq)` index in event-time order; an incremental one (`afterSequence`) pages on the
    /// `(model_id, seq)` index through the events numbered after it, in arrival order (each label looked up
    /// by key, so the cost follows the new rows, not the model's labels), and with
    /// `afterLabelChange` returns the label changes logged after it for the window's events numbered up to
    /// `afterSequence`. With ``WindowChunkRequest/sliceColumns`` each chunk
    /// carries its rows' versions, shadow flags and tags, shadow rows included. This is the engine's only
    /// decoder of event rows: ``WindowStore/windowData(model:from:to:referenceVersion:)`` collects its
    /// chunks.
    public func readWindowChunks(_ request: WindowChunkRequest, _ body: (WindowData) -> Void) throws(StoreError)
        -> WindowChunkRead
    {
        let chunkRows = max(request.chunkRows, 1)
        let withSlices = request.sliceColumns
        return try pool.withConnection { session in
            try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? session.execute("COMMIT") }
            guard let modelID = try Self.modelID(request.model, in: session) else {
                throw StoreError(.unknownModel, "model '\(request.model)' has no reference; upload one first")
            }
            var schema = try Self.schema(modelID: modelID, version: request.referenceVersion, in: session)
            if let features = request.features { schema.features.removeAll { !features.contains($0.name) } }
            let slots = try Self.featureSlots(modelID: modelID, in: session)
            // The model's counters in this snapshot: its events and label changes up to them are all visible.
            guard
                let counters = try session.query(
                    "SELECT event_seq, label_change_seq FROM model WHERE id = $1", [.int(modelID)]
                ).first
            else { throw StoreError(.unknownModel, "model '\(request.model)' has no reference; upload one first") }
            let stored = try counters.get(0, as: Int64.self)
            let labelSequence = try counters.get(1, as: Int64.self)
            let sequence = request.upToSequence.map { min($0, stored) } ?? stored
            let reserved = request.reservedRows(upTo: sequence)
            var changes: [LabelChange] = []
            if let afterLabelChange = request.afterLabelChange, let afterSequence = request.afterSequence {
                changes = try Self.labelChanges(
                    modelID: modelID, from: request.from, to: request.to, afterChange: afterLabelChange,
                    upToChange: labelSequence, eventsUpTo: afterSequence, in: session)
            }
            var total = 0
            var sliced = 0
            var after: (ts: Int64, seq: Int64) = (request.from, request.afterSequence ?? Int64.min)
            while true {
                let rows =
                    if request.afterSequence != nil {
                        try session.query(
                            """
                            SELECT e.ts, e.seq, e.features, e.prediction, e.score,
                                (SELECT l.label FROM label l WHERE l.model_id = e.model_id AND l.event_id = e.event_id),
                                e.latency_ms, e.shadow, e.model_version IS NOT NULL OR e.tags IS NOT NULL,
                                e.model_version, e.tags
                            FROM event e
                            WHERE e.model_id = $1 AND e.seq > $2 AND e.seq <= $3 AND e.ts >= $4 AND e.ts < $5
                            ORDER BY e.seq LIMIT $6
                            """,
                            [
                                .int(modelID), .int(after.seq), .int(sequence), .int(request.from), .int(request.to),
                                .int(Int64(chunkRows)),
                            ])
                    } else {
                        try session.query(
                            """
                            SELECT e.ts, e.seq, e.features, e.prediction, e.score, l.label, e.latency_ms, e.shadow,
                                e.model_version IS NOT NULL OR e.tags IS NOT NULL, e.model_version, e.tags
                            FROM event e LEFT JOIN label l ON l.model_id = e.model_id AND l.event_id = e.event_id
                            WHERE e.model_id = $1 AND (e.ts, e.seq) > ($2, $3) AND e.ts < $4 AND e.seq <= $5
                            ORDER BY e.ts, e.seq LIMIT $6
                            """,
                            [
                                .int(modelID), .int(after.ts), .int(after.seq), .int(request.to), .int(sequence),
                                .int(Int64(chunkRows)),
                            ])
                    }
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
                rows: total, sequence: sequence, labelSequence: labelSequence, labelChanges: changes,
                slicedRows: sliced,
                schema: schema)
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
                "SELECT schema_json FROM reference WHERE model_id = $1 AND version = $2",
                [.int(modelID), .int(Int64(version))]
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
