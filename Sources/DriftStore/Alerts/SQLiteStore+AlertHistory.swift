public import DriftCore
import GRDB

extension SQLiteStore {
    /// The timeline of `model`'s alerts for a period, oldest first: every step with `from ≤ at < to`, preceded
    /// by the last step before `from` of each alert whose state then was `pending` or `firing` (so an alert
    /// that fires since before the period is still seen as firing).
    public func alertTransitions(model: String, from: Int64, to: Int64) throws(StoreError) -> [AlertTransitionRecord] {
        try read { db in
            let carried = try Row.fetchAll(
                db,
                sql: """
                    SELECT rule, model, feature, state, at, value, window_start, window_end, slice FROM alert_transition
                    WHERE id IN (
                        SELECT MAX(id) FROM alert_transition WHERE model = ? AND at < ? GROUP BY rule, slice, feature)
                    AND state IN ('pending', 'firing')
                    ORDER BY id
                    """,
                arguments: [model, from])
            let within = try Row.fetchAll(
                db,
                sql: """
                    SELECT rule, model, feature, state, at, value, window_start, window_end, slice FROM alert_transition
                    WHERE model = ? AND at >= ? AND at < ? ORDER BY id
                    """,
                arguments: [model, from, to])
            return (carried + within).map { row in
                var record = AlertTransitionRecord(
                    rule: row[0], model: row[1], feature: row[2], state: row[3], at: row[4], value: row[5],
                    windowStart: row[6], windowEnd: row[7])
                record.slice = row[8]
                return record
            }
        }
    }

    /// `model`'s notifications created (evaluation time) in [from, to), oldest first, at most `limit`.
    public func outboxEntries(model: String, createdFrom from: Int64, to: Int64, limit: Int = 10_000)
        throws(StoreError) -> [OutboxRecord]
    {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.outboxColumns) FROM outbox
                    WHERE model = ? AND created_at >= ? AND created_at < ? ORDER BY id LIMIT ?
                    """,
                arguments: [model, from, to, max(0, limit)]
            ).map(Self.outboxRecord)
        }
    }
}
