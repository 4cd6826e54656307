public import DriftCore
import GRDB

extension SQLiteStore {
    /// Saves the evaluation of one window, replacing an earlier one of the same window.
    ///
    /// The first save of a window stores `evaluations = 1`; each later save replaces the JSON and the
    /// bookkeeping and adds one to `evaluations` (`record.evaluations` is ignored).
    ///
    /// - Returns: the record as stored, with its evaluation count.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/invalidValue`` for an empty
    ///   window (`end ≤ start`).
    @discardableResult
    public func saveWindowResult(model: ModelName, _ record: StoredWindowResult) throws(StoreError)
        -> StoredWindowResult
    {
        guard record.end > record.start else {
            throw StoreError(.invalidValue, "a window must end after it starts (\(record.start) ..< \(record.end))")
        }
        let evaluations = try write { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            return try Int.fetchOne(
                db,
                sql: """
                    INSERT INTO window_result (model_id, window_start, window_end, reference_version, partial,
                        evaluated_at, evaluations, result_json)
                    VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT (model_id, window_start) DO UPDATE SET
                        window_end = excluded.window_end, reference_version = excluded.reference_version,
                        partial = excluded.partial, evaluated_at = excluded.evaluated_at,
                        evaluations = evaluations + 1, result_json = excluded.result_json
                    RETURNING evaluations
                    """,
                arguments: [
                    modelID, record.start, record.end, record.referenceVersion, record.partial, record.evaluatedAt,
                    record.json,
                ]) ?? 1
        }
        var stored = record
        stored.evaluations = evaluations
        return stored
    }

    /// The stored windows of `model` that overlap [from, to) (`start < to` and `end > from`), oldest
    /// first; nil bounds are open. Unknown models have none.
    public func windowResults(model: ModelName, from: Int64? = nil, to: Int64? = nil) throws(StoreError)
        -> [StoredWindowResult]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredWindowResult.columns)
                    FROM window_result WHERE model_id = ? AND window_start < ? AND window_end > ?
                    ORDER BY window_start
                    """,
                arguments: [modelID, to ?? Int64.max, from ?? Int64.min]
            ).map { row in
                StoredWindowResult(columnsOf: row)
            }
        }
    }

    /// The complete (not partial) windows of `model` evaluated at or after `evaluatedAt`, oldest window
    /// first: what the alerter has not consumed yet.
    public func finalWindowResults(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(StoreError)
        -> [StoredWindowResult]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredWindowResult.columns)
                    FROM window_result WHERE model_id = ? AND partial = 0 AND evaluated_at >= ?
                    ORDER BY window_start
                    """,
                arguments: [modelID, evaluatedAt]
            ).map { row in
                StoredWindowResult(columnsOf: row)
            }
        }
    }

    /// The bookkeeping of the stored windows of `model` whose start lies in [from, to), oldest first.
    public func windowResultStatuses(model: ModelName, startingFrom from: Int64, before to: Int64)
        throws(StoreError) -> [WindowResultStatus]
    {
        try statuses(model: model, condition: "window_start >= ? AND window_start < ?", arguments: [from, to])
    }

    /// The bookkeeping of the windows of `model` stored as partial (evaluated while open), oldest first.
    public func partialWindowResults(model: ModelName) throws(StoreError) -> [WindowResultStatus] {
        try statuses(model: model, condition: "partial = 1", arguments: [])
    }

    /// The start of the latest window of `model` stored as final (not partial), or nil when none is.
    public func latestFinalWindowStart(model: ModelName) throws(StoreError) -> Int64? {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return nil }
            return try Int64.fetchOne(
                db, sql: "SELECT MAX(window_start) FROM window_result WHERE model_id = ? AND partial = 0",
                arguments: [modelID])
        }
    }

    private func statuses(model: ModelName, condition: String, arguments: StatementArguments) throws(StoreError)
        -> [WindowResultStatus]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT window_start, window_end, reference_version, partial, evaluated_at, evaluations
                    FROM window_result WHERE model_id = ? AND \(condition) ORDER BY window_start
                    """,
                arguments: StatementArguments([modelID]) + arguments
            ).map { row in
                WindowResultStatus(
                    start: row[0], end: row[1], referenceVersion: row[2], partial: row[3], evaluatedAt: row[4],
                    evaluations: row[5])
            }
        }
    }
}
