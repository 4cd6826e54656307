public import DriftCore
import PostgresNIO

extension PostgresStore: AlertStore {
    public func commitAlerts(_ commit: AlertCommit) throws(StoreError) {
        guard !commit.isEmpty else { return }
        try pool.transaction { session in
            for state in commit.states {
                try session.query(
                    """
                    INSERT INTO alert_state (rule, model, feature, state, breaches, last_window_start, last_window_end, value,
                        baseline, active_since, fired_at, resolved_at, last_notified_at, updated_at, slice)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                    ON CONFLICT (rule, model, slice, feature) DO UPDATE SET
                        state = excluded.state, breaches = excluded.breaches, last_window_start = excluded.last_window_start,
                        last_window_end = excluded.last_window_end, value = excluded.value, baseline = excluded.baseline,
                        active_since = excluded.active_since, fired_at = excluded.fired_at,
                        resolved_at = excluded.resolved_at, last_notified_at = excluded.last_notified_at,
                        updated_at = excluded.updated_at
                    """,
                    [
                        .text(state.rule), .text(state.model), .text(state.feature), .text(state.state),
                        .int(Int64(state.breaches)), .int(state.lastWindowStart), .int(state.lastWindowEnd),
                        .double(state.value), .double(state.baseline), .int(state.activeSince), .int(state.firedAt),
                        .int(state.resolvedAt), .int(state.lastNotifiedAt), .int(state.updatedAt), .text(state.slice),
                    ])
            }
            for step in commit.transitions {
                try session.query(
                    """
                    INSERT INTO alert_transition (rule, model, feature, state, at, value, window_start, window_end, slice)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [
                        .text(step.rule), .text(step.model), .text(step.feature), .text(step.state), .int(step.at),
                        .double(step.value), .int(step.windowStart), .int(step.windowEnd), .text(step.slice),
                    ])
            }
            for (model, evaluatedAt) in commit.cursors.sorted(by: { $0.key < $1.key }) {
                try session.query(
                    """
                    INSERT INTO alert_cursor (model, evaluated_at) VALUES ($1, $2)
                    ON CONFLICT (model) DO UPDATE SET evaluated_at = GREATEST(alert_cursor.evaluated_at, excluded.evaluated_at)
                    """, [.text(model), .int(evaluatedAt)])
            }
            for note in commit.notifications {
                try session.query(
                    """
                    INSERT INTO outbox (webhook_id, group_key, content_hash, receiver, kind, url, secret_env, model, rule,
                        status, body, created_at, enqueued_at, next_attempt_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
                    ON CONFLICT (webhook_id) DO NOTHING
                    """,
                    [
                        .text(note.webhookID), .text(note.groupKey), .text(note.contentHash), .text(note.receiver),
                        .text(note.kind), .text(note.url), .text(note.secretEnv), .text(note.model), .text(note.rule),
                        .text(note.status), .text(note.body), .int(note.createdAt), .int(note.enqueuedAt),
                    ])
            }
        }
    }

    public func alertCursor(model: String) throws(StoreError) -> Int64? {
        try pool.withConnection { session in
            try session.query("SELECT evaluated_at FROM alert_cursor WHERE model = $1", [.text(model)]).first?
                .get(0, as: Int64.self)
        }
    }

    public func alertStates(model: String?) throws(StoreError) -> [AlertStateRecord] {
        try pool.withConnection { session in
            try session.query(
                """
                SELECT rule, model, feature, state, breaches, last_window_start, last_window_end, value, baseline,
                    active_since, fired_at, resolved_at, last_notified_at, updated_at, slice
                FROM alert_state WHERE $1::text IS NULL OR model = $1 ORDER BY model, rule, slice, feature
                """, [.text(model)]
            ).map { row in
                var record = AlertStateRecord(
                    rule: try row.get(0), model: try row.get(1), feature: try row.get(2), state: try row.get(3),
                    breaches: Int(try row.get(4, as: Int32.self)), lastWindowStart: try row.get(5),
                    lastWindowEnd: try row.get(6), value: try row.get(7), baseline: try row.get(8),
                    activeSince: try row.get(9), firedAt: try row.get(10), resolvedAt: try row.get(11),
                    lastNotifiedAt: try row.get(12), updatedAt: try row.get(13))
                record.slice = try row.get(14)
                return record
            }
        }
    }

    public func alertTransitions(model: String?, limit: Int) throws(StoreError) -> [AlertTransitionRecord] {
        try pool.withConnection { session in
            try session.query(
                """
                SELECT \(Self.transitionColumns) FROM alert_transition
                WHERE $1::text IS NULL OR model = $1 ORDER BY id DESC LIMIT $2
                """, [.text(model), .int(Int64(max(0, limit)))]
            ).map(Self.transition)
        }
    }

    public func alertTransitions(model: String, from: Int64, to: Int64) throws(StoreError) -> [AlertTransitionRecord] {
        try pool.withConnection { session in
            let carried = try session.query(
                """
                SELECT \(Self.transitionColumns) FROM alert_transition
                WHERE id IN (SELECT MAX(id) FROM alert_transition WHERE model = $1 AND at < $2 GROUP BY rule, slice, feature)
                AND state IN ('pending', 'firing') ORDER BY id
                """, [.text(model), .int(from)])
            let within = try session.query(
                """
                SELECT \(Self.transitionColumns) FROM alert_transition WHERE model = $1 AND at >= $2 AND at < $3 ORDER BY id
                """, [.text(model), .int(from), .int(to)])
            return try (Array(carried) + Array(within)).map(Self.transition)
        }
    }

    public func lastNotificationCreatedAt(model: String, kind: String, receiver: String) throws(StoreError) -> Int64? {
        try pool.withConnection { session in
            try session.query(
                "SELECT MAX(created_at) FROM outbox WHERE model = $1 AND kind = $2 AND receiver = $3",
                [.text(model), .text(kind), .text(receiver)]
            ).first?.get(0, as: Int64?.self)
        }
    }

    public func outboxEntries(model: String, createdFrom from: Int64, to: Int64, limit: Int) throws(StoreError)
        -> [OutboxRecord]
    {
        try outbox(
            "WHERE model = $1 AND created_at >= $2 AND created_at < $3 ORDER BY id LIMIT $4",
            [.text(model), .int(from), .int(to), .int(Int64(max(0, limit)))])
    }

    public func outboxEntries(model: String?, limit: Int) throws(StoreError) -> [OutboxRecord] {
        try outbox(
            "WHERE $1::text IS NULL OR model = $1 ORDER BY id DESC LIMIT $2", [.text(model), .int(Int64(max(0, limit)))])
    }

    public func outboxCounts() throws(StoreError) -> [String: Int] {
        try pool.withConnection { session in
            var counts = Dictionary(uniqueKeysWithValues: OutboxRecord.DeliveryState.all.map { ($0.rawValue, 0) })
            for row in try session.query("SELECT delivery_state, COUNT(*) FROM outbox GROUP BY delivery_state") {
                counts[try row.get(0, as: String.self)] = Int(try row.get(1, as: Int64.self))
            }
            return counts
        }
    }

    public func dueOutbox(now: Int64, limit: Int) throws(StoreError) -> [OutboxRecord] {
        try outbox(
            """
            WHERE delivery_state = 'pending' AND next_attempt_at <= $1 AND \(Self.headOfGroup)
            ORDER BY next_attempt_at, id LIMIT $2
            """, [.int(now), .int(Int64(max(0, limit)))])
    }

    public func markDelivered(id: Int64, at: Int64, status: Int) throws(StoreError) -> Bool {
        try pool.transaction { session in
            let changed = try session.affected(
                """
                UPDATE outbox SET delivery_state = 'delivered', attempts = attempts + 1, last_attempt_at = $1,
                    last_status = $2, last_error = NULL, finished_at = $1
                WHERE id = $3 AND delivery_state = 'pending'
                """, [.int(at), .int(Int64(status)), .int(id)])
            guard changed == 1 else { return false }
            try session.query(
                """
                INSERT INTO notification_log (group_key, receiver, content_hash, webhook_id, sent_at)
                SELECT group_key, receiver, content_hash, webhook_id, $1 FROM outbox WHERE id = $2
                ON CONFLICT (group_key, receiver) DO UPDATE SET
                    content_hash = excluded.content_hash, webhook_id = excluded.webhook_id, sent_at = excluded.sent_at
                """, [.int(at), .int(id)])
            return true
        }
    }

    public func scheduleRetry(id: Int64, attempts: Int, nextAttemptAt: Int64, at: Int64, status: Int?, error: String)
        throws(StoreError) -> Bool
    {
        try pool.transaction { session in
            try session.affected(
                """
                UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_attempt_at = $3, last_status = $4,
                    last_error = $5
                WHERE id = $6 AND delivery_state = 'pending'
                """,
                [.int(Int64(attempts)), .int(nextAttemptAt), .int(at), .int(status.map(Int64.init)), .text(error), .int(id)]
            ) == 1
        }
    }

    public func markDead(id: Int64, attempts: Int, at: Int64, status: Int?, reason: String) throws(StoreError) -> Bool {
        try pool.transaction { session in
            try session.affected(
                """
                UPDATE outbox SET delivery_state = 'dead', attempts = $1,
                    last_attempt_at = CASE WHEN $1 > attempts THEN $2 ELSE last_attempt_at END,
                    last_status = CASE WHEN $1 > attempts THEN $3 ELSE last_status END,
                    last_error = $4, finished_at = $2
                WHERE id = $5 AND delivery_state = 'pending'
                """, [.int(Int64(attempts)), .int(at), .int(status.map(Int64.init)), .text(reason), .int(id)]) == 1
        }
    }

    public func markSkipped(id: Int64, at: Int64, reason: String) throws(StoreError) -> Bool {
        try pool.transaction { session in
            try session.affected(
                """
                UPDATE outbox SET delivery_state = 'skipped', last_error = $1, finished_at = $2
                WHERE id = $3 AND delivery_state = 'pending'
                """, [.text(reason), .int(at), .int(id)]) == 1
        }
    }

    public func nextDueTime() throws(StoreError) -> Int64? {
        try pool.withConnection { session in
            try session.query(
                "SELECT MIN(next_attempt_at) FROM outbox WHERE delivery_state = 'pending' AND \(Self.headOfGroup)"
            ).first?.get(0, as: Int64?.self)
        }
    }

    public func notificationLogEntry(groupKey: String, receiver: String) throws(StoreError) -> NotificationLogEntry? {
        try pool.withConnection { session in
            try session.query(
                """
                SELECT group_key, receiver, content_hash, webhook_id, sent_at FROM notification_log
                WHERE group_key = $1 AND receiver = $2
                """, [.text(groupKey), .text(receiver)]
            ).first.map { row in
                NotificationLogEntry(
                    groupKey: try row.get(0), receiver: try row.get(1), contentHash: try row.get(2),
                    webhookID: try row.get(3), sentAt: try row.get(4))
            }
        }
    }

    private func outbox(_ tail: String, _ binds: [Bind]) throws(StoreError) -> [OutboxRecord] {
        try pool.withConnection { session in
            try session.query("SELECT \(Self.outboxColumns) FROM outbox " + tail, binds).map { row in
                OutboxRecord(
                    id: try row.get(0),
                    notification: NewOutboxRecord(
                        webhookID: try row.get(1), groupKey: try row.get(2), contentHash: try row.get(3),
                        receiver: try row.get(4), kind: try row.get(5), url: try row.get(6), secretEnv: try row.get(7),
                        model: try row.get(8), rule: try row.get(9), status: try row.get(10), body: try row.get(11),
                        createdAt: try row.get(12), enqueuedAt: try row.get(13)),
                    deliveryState: .init(rawValue: try row.get(14)), attempts: Int(try row.get(15, as: Int32.self)),
                    nextAttemptAt: try row.get(16), lastAttemptAt: try row.get(17),
                    lastStatus: try row.get(18, as: Int32?.self).map(Int.init), lastError: try row.get(19),
                    finishedAt: try row.get(20))
            }
        }
    }

    /// The rows with these ids.
    func outboxEntries(ids: [Int64]) throws(StoreError) -> [OutboxRecord] {
        try outbox("WHERE id = ANY($1::bigint[]) ORDER BY id", [.ints(ids)])
    }

    private static let transitionColumns = "rule, model, feature, state, at, value, window_start, window_end, slice"

    private static func transition(_ row: PostgresRow) throws -> AlertTransitionRecord {
        var record = AlertTransitionRecord(
            rule: try row.get(0), model: try row.get(1), feature: try row.get(2), state: try row.get(3),
            at: try row.get(4), value: try row.get(5), windowStart: try row.get(6), windowEnd: try row.get(7))
        record.slice = try row.get(8)
        return record
    }

    /// True for a pending row with no older pending row of the same (group, receiver).
    static let headOfGroup = """
        NOT EXISTS (
            SELECT 1 FROM outbox AS earlier
            WHERE earlier.delivery_state = 'pending' AND earlier.group_key = outbox.group_key
                AND earlier.receiver = outbox.receiver AND earlier.id < outbox.id)
        """

    private static let outboxColumns = """
        id, webhook_id, group_key, content_hash, receiver, kind, url, secret_env, model, rule, status, body,
        created_at, enqueued_at, delivery_state, attempts, next_attempt_at, last_attempt_at, last_status, last_error,
        finished_at
        """
}
