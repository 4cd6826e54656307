public import DriftCore
import DriftStats
import DriftStore
import NIOCore
import PostgresNIO

extension PostgresStore: SliceStore {
    /// One segment reference encoded for its row.
    struct EncodedSegment {
        var feature: String
        var value: String
        var rowCount: Int
        var profile: [UInt8]
        var performanceJSON: String?
    }

    /// Encodes segment references before the transaction starts.
    static func encodeSegments(_ segments: [ReferenceSegment]) throws(StoreError) -> [EncodedSegment] {
        do {
            return try segments.map { segment in
                EncodedSegment(
                    feature: segment.feature, value: segment.value, rowCount: segment.profile.rowCount,
                    profile: try ProfileCodec.encode(segment.profile),
                    performanceJSON: try segment.performance.map {
                        String(decoding: try SQLiteStore.performanceEncoder.encode($0), as: UTF8.self)
                    })
            }
        } catch {
            throw StoreError(.invalidValue, "a segment reference cannot be encoded: \(error)")
        }
    }

    /// Inserts the segment references of a new reference version.
    static func insertSegments(_ segments: [EncodedSegment], modelID: Int64, version: Int, in session: Session) throws {
        for segment in segments {
            try session.query(
                """
                INSERT INTO reference_segment (model_id, version, feature, value, row_count, profile, performance_json)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [
                    .int(modelID), .int(Int64(version)), .text(segment.feature), .text(segment.value),
                    .int(Int64(segment.rowCount)), .bytes(segment.profile), .text(segment.performanceJSON),
                ])
        }
    }

    public func referenceSegments(model: ModelName, version: Int, feature: String) throws(StoreError)
        -> [ReferenceSegment]
    {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else { return [] }
            return try session.query(
                """
                SELECT value, profile, performance_json FROM reference_segment
                WHERE model_id = $1 AND version = $2 AND feature = $3 ORDER BY value
                """, [.int(modelID), .int(Int64(version)), .text(feature)]
            ).map { row in
                let bytes = try row.get(1, as: ByteBuffer.self)
                let profile = try bytes.withUnsafeReadableBytes { try ProfileCodec.decode($0) }
                return ReferenceSegment(
                    feature: feature, value: try row.get(0), profile: profile,
                    performance: try row.get(2, as: String?.self).map(SQLiteStore.decodePerformance))
            }
        }
    }

    public func saveSliceWindowResults(model: ModelName, _ records: [StoredSliceWindowResult]) throws(StoreError)
        -> [StoredSliceWindowResult]
    {
        guard !records.isEmpty else { return [] }
        for record in records where record.window.end <= record.window.start {
            throw StoreError(
                .invalidValue, "a window must end after it starts (\(record.window.start) ..< \(record.window.end))")
        }
        return try pool.transaction { session in
            guard let modelID = try Self.modelID(model, in: session) else {
                throw StoreError(.unknownModel, "model '\(model)' has no reference; upload one first")
            }
            var stored: [StoredSliceWindowResult] = []
            stored.reserveCapacity(records.count)
            for record in records {
                let window = record.window
                let evaluations = try session.query(
                    """
                    INSERT INTO slice_window_result (model_id, slice, reference_scope, window_start, window_end,
                        reference_version, partial, evaluated_at, evaluations, event_count, fingerprint, result_json)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11)
                    ON CONFLICT (model_id, slice, window_start) DO UPDATE SET
                        reference_scope = excluded.reference_scope, window_end = excluded.window_end,
                        reference_version = excluded.reference_version, partial = excluded.partial,
                        evaluated_at = excluded.evaluated_at, evaluations = slice_window_result.evaluations + 1,
                        event_count = excluded.event_count, fingerprint = excluded.fingerprint,
                        result_json = excluded.result_json
                    RETURNING evaluations
                    """,
                    [
                        .int(modelID), .text(record.slice), .text(record.referenceScope), .int(window.start),
                        .int(window.end), .int(Int64(window.referenceVersion)), .bool(window.partial),
                        .int(window.evaluatedAt), .int(Int64(record.eventCount)), .text(record.fingerprint),
                        .text(window.json),
                    ]
                ).first?.get(0, as: Int32.self) ?? 1
                var saved = record
                saved.window.evaluations = Int(evaluations)
                stored.append(saved)
            }
            return stored
        }
    }

    public func sliceWindowResults(model: ModelName, slice: String, from: Int64?, to: Int64?) throws(StoreError)
        -> [StoredSliceWindowResult]
    {
        try sliceResults(
            model: model, condition: "slice = $2 AND window_start < $3 AND window_end > $4 ORDER BY window_start",
            [.text(slice), .int(to ?? .max), .int(from ?? .min)])
    }

    public func finalSliceWindowResults(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(StoreError)
        -> [StoredSliceWindowResult]
    {
        try sliceResults(
            model: model, condition: "NOT partial AND evaluated_at >= $2 ORDER BY window_start, slice",
            [.int(evaluatedAt)])
    }

    public func sliceWindowStatuses(model: ModelName, windowStart start: Int64) throws(StoreError)
        -> [String: SliceWindowStatus]
    {
        var statuses: [String: SliceWindowStatus] = [:]
        for record in try sliceResults(model: model, condition: "window_start = $2", [.int(start)]) {
            statuses[record.slice] = SliceWindowStatus(
                referenceVersion: record.window.referenceVersion, partial: record.window.partial,
                fingerprint: record.fingerprint)
        }
        return statuses
    }

    public func deleteSliceWindowResults(model: ModelName, windowStart start: Int64, keeping keep: Set<String>)
        throws(StoreError)
    {
        try pool.transaction { session in
            guard let modelID = try Self.modelID(model, in: session) else { return }
            try session.query(
                "DELETE FROM slice_window_result WHERE model_id = $1 AND window_start = $2 AND NOT (slice = ANY($3))",
                [.int(modelID), .int(start), .texts(keep.sorted())])
        }
    }

    public func sliceSummaries(model: ModelName, from: Int64?, to: Int64?) throws(StoreError) -> [SliceSummary] {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else { return [] }
            return try session.query(
                """
                SELECT slice, SUM(event_count)::bigint, COUNT(*) FROM slice_window_result
                WHERE model_id = $1 AND window_start < $2 AND window_end > $3
                GROUP BY slice ORDER BY slice
                """, [.int(modelID), .int(to ?? .max), .int(from ?? .min)]
            ).map { row in
                SliceSummary(
                    slice: try row.get(0), events: Int(try row.get(1, as: Int64.self)),
                    windows: Int(try row.get(2, as: Int64.self)))
            }
        }
    }

    /// The stored slice windows of `model` matching `condition` ($1 is the model id; the condition ends
    /// with its own ORDER BY when order matters).
    private func sliceResults(model: ModelName, condition: String, _ binds: [Bind]) throws(StoreError)
        -> [StoredSliceWindowResult]
    {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else { return [] }
            return try session.query(
                """
                SELECT \(StoredWindowResult.columns), event_count, fingerprint, slice, reference_scope
                FROM slice_window_result WHERE model_id = $1 AND \(condition)
                """, [.int(modelID)] + binds
            ).map { row in
                StoredSliceWindowResult(
                    slice: try row.get(9), referenceScope: try row.get(10),
                    window: try StoredWindowResult(columnsOf: row),
                    eventCount: Int(try row.get(7, as: Int64.self)), fingerprint: try row.get(8))
            }
        }
    }
}
