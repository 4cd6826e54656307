public import DriftCore
import GRDB

extension SQLiteStore {
    /// Saves the evaluations of slices of one window, each replacing an earlier one of the same slice and
    /// window and counting it (`evaluations` + 1), in one transaction.
    ///
    /// - Returns: the records as stored, with their evaluation counts.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/invalidValue`` for an empty window.
    @discardableResult
    public func saveSliceWindowResults(model: ModelName, _ records: [StoredSliceWindowResult]) throws(StoreError)
        -> [StoredSliceWindowResult]
    {
        guard !records.isEmpty else { return [] }
        for record in records where record.window.end <= record.window.start {
            throw StoreError(
                .invalidValue, "a window must end after it starts (\(record.window.start) ..< \(record.window.end))")
        }
        return try write { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO slice_window_result (model_id, slice, reference_scope, window_start, window_end, reference_version,
                        partial, evaluated_at, evaluations, event_count, fingerprint, result_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                    ON CONFLICT (model_id, slice, window_start) DO UPDATE SET
                        reference_scope = excluded.reference_scope,
                        window_end = excluded.window_end, reference_version = excluded.reference_version,
                        partial = excluded.partial, evaluated_at = excluded.evaluated_at,
                        evaluations = evaluations + 1, event_count = excluded.event_count,
                        fingerprint = excluded.fingerprint, result_json = excluded.result_json
                    RETURNING evaluations
                    """)
            var stored: [StoredSliceWindowResult] = []
            stored.reserveCapacity(records.count)
            for record in records {
                let window = record.window
                let evaluations =
                    try Int.fetchOne(
                        statement,
                        arguments: [
                            modelID, record.slice, record.referenceScope, window.start, window.end,
                            window.referenceVersion, window.partial,
                            window.evaluatedAt, record.eventCount, record.fingerprint, window.json,
                        ]) ?? 1
                var saved = record
                saved.window.evaluations = evaluations
                stored.append(saved)
            }
            return stored
        }
    }

    /// The stored windows of one slice of `model` that overlap [from, to), oldest first; nil bounds are
    /// open. Unknown models and slices have none.
    public func sliceWindowResults(model: ModelName, slice: String, from: Int64?, to: Int64?)
        throws(StoreError) -> [StoredSliceWindowResult]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredWindowResult.columns), event_count, fingerprint, reference_scope
                    FROM slice_window_result
                    WHERE model_id = ? AND slice = ? AND window_start < ? AND window_end > ?
                    ORDER BY window_start
                    """,
                arguments: [modelID, slice, to ?? Int64.max, from ?? Int64.min]
            ).map { row in
                StoredSliceWindowResult(
                    slice: slice, referenceScope: row[9],
                    window: StoredWindowResult(columnsOf: row),
                    eventCount: row[7], fingerprint: row[8])
            }
        }
    }

    /// The complete (not partial) slice windows of `model` evaluated at or after `evaluatedAt`, by window
    /// then slice: what the alerter has not consumed yet.
    public func finalSliceWindowResults(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(StoreError)
        -> [StoredSliceWindowResult]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredWindowResult.columns), event_count, fingerprint, slice, reference_scope
                    FROM slice_window_result WHERE model_id = ? AND partial = 0 AND evaluated_at >= ?
                    ORDER BY window_start, slice
                    """,
                arguments: [modelID, evaluatedAt]
            ).map { row in
                StoredSliceWindowResult(
                    slice: row[9], referenceScope: row[10],
                    window: StoredWindowResult(columnsOf: row),
                    eventCount: row[7], fingerprint: row[8])
            }
        }
    }

    /// The bookkeeping of the stored slices of `model`'s window starting at `start`, by slice.
    public func sliceWindowStatuses(model: ModelName, windowStart start: Int64) throws(StoreError)
        -> [String: SliceWindowStatus]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [:] }
            var statuses: [String: SliceWindowStatus] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT slice, reference_version, partial, fingerprint FROM slice_window_result
                    WHERE model_id = ? AND window_start = ?
                    """,
                arguments: [modelID, start])
            {
                statuses[row[0]] = SliceWindowStatus(referenceVersion: row[1], partial: row[2], fingerprint: row[3])
            }
            return statuses
        }
    }

    /// Deletes the stored slices of `model`'s window starting at `start` that are not in `keep`: a slice
    /// that a re-evaluation no longer finds (a segment value pushed out of the cap by later events).
    public func deleteSliceWindowResults(model: ModelName, windowStart start: Int64, keeping keep: Set<String>)
        throws(StoreError)
    {
        try write { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return }
            let stored = try String.fetchAll(
                db, sql: "SELECT slice FROM slice_window_result WHERE model_id = ? AND window_start = ?",
                arguments: [modelID, start])
            for slice in stored where !keep.contains(slice) {
                try db.execute(
                    sql: "DELETE FROM slice_window_result WHERE model_id = ? AND slice = ? AND window_start = ?",
                    arguments: [modelID, slice, start])
            }
        }
    }

    /// The slices of `model` with windows overlapping [from, to) (nil bounds are open), by name, with
    /// their event and window counts.
    public func sliceSummaries(model: ModelName, from: Int64?, to: Int64?) throws(StoreError)
        -> [SliceSummary]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT slice, SUM(event_count), COUNT(*) FROM slice_window_result
                    WHERE model_id = ? AND window_start < ? AND window_end > ?
                    GROUP BY slice ORDER BY slice
                    """,
                arguments: [modelID, to ?? Int64.max, from ?? Int64.min]
            ).map { row in SliceSummary(slice: row[0], events: row[1], windows: row[2]) }
        }
    }
}
