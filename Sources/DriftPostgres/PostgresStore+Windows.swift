public import DriftCore
import DriftStore
import NIOCore
import PostgresNIO

extension PostgresStore: WindowStore {
    public func touchedWindows(model: ModelName, windowMilliseconds: Int64, afterSequence: Int64) throws(StoreError)
        -> TouchedWindows
    {
        guard windowMilliseconds > 0 else { throw StoreError(.invalidValue, "a window must be longer than 0 ms") }
        return try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else {
                return TouchedWindows(windowStarts: [], lastSequence: afterSequence)
            }
            let last = try session.query(
                "SELECT MAX(seq) FROM change_log WHERE model_id = $1 AND seq > $2", [.int(modelID), .int(afterSequence)]
            ).first?.get(0, as: Int64?.self) ?? afterSequence
            let minutes = try session.query(
                "SELECT DISTINCT minute FROM change_log WHERE model_id = $1 AND seq > $2 AND seq <= $3",
                [.int(modelID), .int(afterSequence), .int(last)]
            ).map { try $0.get(0, as: Int64.self) }
            return TouchedWindows(
                windowStarts: ChangeLog.windowStarts(ofMinutes: minutes, windowMilliseconds: windowMilliseconds),
                lastSequence: last)
        }
    }

    public func evaluationCursor(model: ModelName) throws(StoreError) -> Int64 {
        try pool.withConnection { session in
            try session.query(
                "SELECT c.change_seq FROM evaluation_cursor c JOIN model m ON m.id = c.model_id WHERE m.name = $1",
                [.text(model.rawValue)]
            ).first?.get(0, as: Int64.self) ?? 0
        }
    }

    public func setEvaluationCursor(model: ModelName, sequence: Int64) throws(StoreError) {
        try pool.transaction { session in
            guard let modelID = try Self.modelID(model, in: session) else {
                throw StoreError(.unknownModel, "model '\(model)' has no reference; upload one first")
            }
            try session.query(
                """
                INSERT INTO evaluation_cursor (model_id, change_seq) VALUES ($1, $2)
                ON CONFLICT (model_id) DO UPDATE SET change_seq = excluded.change_seq
                """, [.int(modelID), .int(sequence)])
        }
    }

    public func saveWindowResult(model: ModelName, _ record: StoredWindowResult) throws(StoreError) -> StoredWindowResult {
        guard record.end > record.start else {
            throw StoreError(.invalidValue, "a window must end after it starts (\(record.start) ..< \(record.end))")
        }
        let evaluations = try pool.transaction { session in
            guard let modelID = try Self.modelID(model, in: session) else {
                throw StoreError(.unknownModel, "model '\(model)' has no reference; upload one first")
            }
            return try session.query(
                """
                INSERT INTO window_result (model_id, window_start, window_end, reference_version, partial, evaluated_at,
                    evaluations, result_json)
                VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
                ON CONFLICT (model_id, window_start) DO UPDATE SET
                    window_end = excluded.window_end, reference_version = excluded.reference_version,
                    partial = excluded.partial, evaluated_at = excluded.evaluated_at,
                    evaluations = window_result.evaluations + 1, result_json = excluded.result_json
                RETURNING evaluations
                """,
                [
                    .int(modelID), .int(record.start), .int(record.end), .int(Int64(record.referenceVersion)),
                    .bool(record.partial), .int(record.evaluatedAt), .text(record.json),
                ]
            ).first?.get(0, as: Int32.self) ?? 1
        }
        var stored = record
        stored.evaluations = Int(evaluations)
        return stored
    }

    public func windowResults(model: ModelName, from: Int64?, to: Int64?) throws(StoreError) -> [StoredWindowResult] {
        try results(
            model: model, condition: "window_start < $2 AND window_end > $3", [.int(to ?? .max), .int(from ?? .min)])
    }

    public func finalWindowResults(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(StoreError)
        -> [StoredWindowResult]
    {
        try results(model: model, condition: "NOT partial AND evaluated_at >= $2", [.int(evaluatedAt)])
    }

    public func windowResultStatuses(model: ModelName, startingFrom from: Int64, before to: Int64) throws(StoreError)
        -> [WindowResultStatus]
    {
        try results(model: model, condition: "window_start >= $2 AND window_start < $3", [.int(from), .int(to)])
            .map(\.status)
    }

    public func partialWindowResults(model: ModelName) throws(StoreError) -> [WindowResultStatus] {
        try results(model: model, condition: "partial", []).map(\.status)
    }

    public func latestFinalWindowStart(model: ModelName) throws(StoreError) -> Int64? {
        try pool.withConnection { session in
            try session.query(
                """
                SELECT MAX(w.window_start) FROM window_result w JOIN model m ON m.id = w.model_id
                WHERE m.name = $1 AND NOT w.partial
                """, [.text(model.rawValue)]
            ).first?.get(0, as: Int64?.self)
        }
    }

    public func modelChangeStamps() throws(StoreError) -> [String: ModelChangeStamp] {
        try pool.withConnection { session in
            var stamps: [String: ModelChangeStamp] = [:]
            for row in try session.query(
                """
                SELECT m.name, m.latest_version, w.window_start, w.evaluated_at, w.evaluations
                FROM model m LEFT JOIN window_result w ON w.model_id = m.id AND w.window_start = (
                    SELECT MAX(window_start) FROM window_result WHERE model_id = m.id)
                """)
            {
                stamps[try row.get(0, as: String.self)] = ModelChangeStamp(
                    referenceVersion: Int(try row.get(1, as: Int32.self)), latestWindowStart: try row.get(2, as: Int64?.self),
                    latestWindowEvaluatedAt: try row.get(3, as: Int64?.self),
                    latestWindowEvaluations: try row.get(4, as: Int32?.self).map(Int.init))
            }
            for row in try session.query("SELECT model, MAX(id) FROM alert_transition GROUP BY model") {
                stamps[try row.get(0, as: String.self)]?.lastAlertTransition = try row.get(1, as: Int64.self)
            }
            for row in try session.query(
                """
                SELECT model, COUNT(*), SUM(attempts), COUNT(*) FILTER (WHERE delivery_state <> 'pending')
                FROM outbox GROUP BY model
                """)
            {
                let model = try row.get(0, as: String.self)
                stamps[model]?.notifications = Int(try row.get(1, as: Int64.self))
                stamps[model]?.deliveryAttempts = Int(try row.get(2, as: Int64.self))
                stamps[model]?.finishedNotifications = Int(try row.get(3, as: Int64.self))
            }
            return stamps
        }
    }

    /// The stored windows of `model` matching `condition` ($1 is the model id), oldest first.
    private func results(model: ModelName, condition: String, _ binds: [Bind]) throws(StoreError) -> [StoredWindowResult] {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else { return [] }
            return try session.query(
                """
                SELECT \(StoredWindowResult.columns)
                FROM window_result WHERE model_id = $1 AND \(condition) ORDER BY window_start
                """, [.int(modelID)] + binds
            ).map(StoredWindowResult.init(columnsOf:))
        }
    }
}
