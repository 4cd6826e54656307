public import DriftCore
import GRDB

extension SQLiteStore {
    /// Stores one alert evaluation atomically: upserts every state, appends the transitions and queues
    /// the notifications (first attempt due at their `enqueuedAt`). A notification whose `webhookID` is
    /// already in the outbox is not queued twice.
    public func commitAlerts(_ commit: AlertCommit) throws(StoreError) {
        guard !commit.isEmpty else { return }
        try write { db in
            for state in commit.states {
                try db.execute(
                    sql: """
                        INSERT INTO alert_state (rule, model, feature, state, breaches, last_window_start,
                            last_window_end, value, baseline, active_since, fired_at, resolved_at, last_notified_at,
                            updated_at, slice)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (rule, model, slice, feature) DO UPDATE SET
                            state = excluded.state, breaches = excluded.breaches,
                            last_window_start = excluded.last_window_start,
                            last_window_end = excluded.last_window_end, value = excluded.value,
                            baseline = excluded.baseline,
                            active_since = excluded.active_since, fired_at = excluded.fired_at,
                            resolved_at = excluded.resolved_at, last_notified_at = excluded.last_notified_at,
                            updated_at = excluded.updated_at
                        """,
                    arguments: [
                        state.rule, state.model, state.feature, state.state, state.breaches, state.lastWindowStart,
                        state.lastWindowEnd, state.value, state.baseline, state.activeSince, state.firedAt, state.resolvedAt, state.lastNotifiedAt,
                        state.updatedAt, state.slice,
                    ])
            }
            for step in commit.transitions {
                try db.execute(
                    sql: """
                        INSERT INTO alert_transition (rule, model, feature, state, at, value, window_start, window_end,
                            slice)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        step.rule, step.model, step.feature, step.state, step.at, step.value, step.windowStart,
                        step.windowEnd, step.slice,
                    ])
            }
            for (model, evaluatedAt) in commit.cursors {
                try db.execute(
                    sql: """
                        INSERT INTO alert_cursor (model, evaluated_at) VALUES (?, ?)
                        ON CONFLICT (model) DO UPDATE SET evaluated_at = MAX(evaluated_at, excluded.evaluated_at)
                        """,
                    arguments: [model, evaluatedAt])
            }
            for note in commit.notifications {
                try db.execute(
                    sql: """
                        INSERT INTO outbox (webhook_id, group_key, content_hash, receiver, kind, url, secret_env,
                            model, rule, status, body, created_at, enqueued_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (webhook_id) DO NOTHING
                        """,
                    arguments: [
                        note.webhookID, note.groupKey, note.contentHash, note.receiver, note.kind, note.url,
                        note.secretEnv, note.model, note.rule, note.status, note.body, note.createdAt,
                        note.enqueuedAt, note.enqueuedAt,
                    ])
            }
        }
    }

    /// The alert cursor of `model`: the `evaluated_at` of the newest window result the alerter consumed.
    public func alertCursor(model: String) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT evaluated_at FROM alert_cursor WHERE model = ?", arguments: [model])
        }
    }

    /// Every stored alert state, ordered by model, rule and feature; only `model`'s when given.
    public func alertStates(model: String? = nil) throws(StoreError) -> [AlertStateRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT rule, model, feature, state, breaches, last_window_start, last_window_end, value, baseline,
                        active_since, fired_at, resolved_at, last_notified_at, updated_at, slice
                    FROM alert_state WHERE ? IS NULL OR model = ? ORDER BY model, rule, slice, feature
                    """,
                arguments: [model, model]
            ).map { row in
                var record = AlertStateRecord(
                    rule: row[0], model: row[1], feature: row[2], state: row[3], breaches: row[4],
                    lastWindowStart: row[5], lastWindowEnd: row[6], value: row[7], baseline: row[8],
                    activeSince: row[9], firedAt: row[10], resolvedAt: row[11], lastNotifiedAt: row[12],
                    updatedAt: row[13])
                record.slice = row[14]
                return record
            }
        }
    }

    /// The newest `limit` timeline steps, newest first; only `model`'s when given.
    public func alertTransitions(model: String? = nil, limit: Int = 1_000) throws(StoreError)
        -> [AlertTransitionRecord]
    {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT rule, model, feature, state, at, value, window_start, window_end, slice FROM alert_transition
                    WHERE ? IS NULL OR model = ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [model, model, max(0, limit)]
            ).map { row in
                var record = AlertTransitionRecord(
                    rule: row[0], model: row[1], feature: row[2], state: row[3], at: row[4], value: row[5],
                    windowStart: row[6], windowEnd: row[7])
                record.slice = row[8]
                return record
            }
        }
    }

    /// The evaluation time of the newest notification of `kind` for `model` queued to `receiver`, or nil:
    /// the retrain cooldown counts from it.
    public func lastNotificationCreatedAt(model: String, kind: String, receiver: String) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(
                db, sql: "SELECT MAX(created_at) FROM outbox WHERE model = ? AND kind = ? AND receiver = ?",
                arguments: [model, kind, receiver])
        }
    }
}
