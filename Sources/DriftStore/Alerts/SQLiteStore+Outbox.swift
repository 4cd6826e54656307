public import DriftCore
import GRDB

/// The delivery side of the outbox: reading what is due and recording each attempt's outcome.
///
/// Notifications are queued by ``SQLiteStore/commitAlerts(_:)`` in the same transaction as the alert state
/// change that caused them. Every write below changes only a row that is still `pending` and reports
/// whether it did, so an outcome is never recorded twice. All times are milliseconds since the Unix epoch,
/// passed in by the caller (the delivery service runs on wall-clock time).
extension SQLiteStore {
    /// The pending notifications whose next attempt is due at `now`, oldest first (by due time, then id).
    ///
    /// Only the oldest pending notification of each (group, receiver) is ever due: the ones queued after it
    /// wait until it is delivered, dead or skipped, so that a receiver hears about one alert group in order
    /// (a `resolved` never overtakes the `firing` it follows) and two notifications of one group are never
    /// in flight at once (which the dedupe stage relies on).
    public func dueOutbox(now: Int64, limit: Int = 32) throws(StoreError) -> [OutboxRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.outboxColumns) FROM outbox
                    WHERE delivery_state = 'pending' AND next_attempt_at <= ? AND \(Self.headOfGroup)
                    ORDER BY next_attempt_at, id LIMIT ?
                    """,
                arguments: [now, max(0, limit)]
            ).map(Self.outboxRecord)
        }
    }

    /// Records a 2xx answer: the row becomes `delivered`, and in the same transaction the notification log
    /// for its (group, receiver) remembers its content hash and `webhook-id`, so the same content is not
    /// sent again.
    /// - Returns: false when the row does not exist or is no longer pending (nothing is written then).
    @discardableResult
    public func markDelivered(id: Int64, at: Int64, status: Int) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET delivery_state = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
                        last_status = ?, last_error = NULL, finished_at = ?
                    WHERE id = ? AND delivery_state = 'pending'
                    """,
                arguments: [at, status, at, id])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: """
                    INSERT INTO notification_log (group_key, receiver, content_hash, webhook_id, sent_at)
                    SELECT group_key, receiver, content_hash, webhook_id, ? FROM outbox WHERE id = ?
                    ON CONFLICT (group_key, receiver) DO UPDATE SET
                        content_hash = excluded.content_hash, webhook_id = excluded.webhook_id,
                        sent_at = excluded.sent_at
                    """,
                arguments: [at, id])
            return true
        }
    }

    /// Records a failed attempt that will be retried: `attempts` attempts made so far, the next one due at
    /// `nextAttemptAt`; `status` is the HTTP status (nil after a network error) and `error` what went wrong.
    /// - Returns: false when the row does not exist or is no longer pending.
    @discardableResult
    public func scheduleRetry(
        id: Int64, attempts: Int, nextAttemptAt: Int64, at: Int64, status: Int?, error: String
    ) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?, last_status = ?,
                        last_error = ?
                    WHERE id = ? AND delivery_state = 'pending'
                    """,
                arguments: [attempts, nextAttemptAt, at, status, error, id])
            return db.changesCount == 1
        }
    }

    /// Gives up on a notification (the dead-letter state): after a non-retryable answer, when its signing
    /// secret is unusable, or when `max_delivery_age` is reached. `attempts` is the number of attempts
    /// made, including one that just failed; when it is more than the stored count, an attempt was made
    /// `at` and `status` is its HTTP status (nil after a network error), otherwise the last attempt's time
    /// and status are kept. `reason` says why, in words an operator can act on.
    /// - Returns: false when the row does not exist or is no longer pending.
    @discardableResult
    public func markDead(id: Int64, attempts: Int, at: Int64, status: Int?, reason: String) throws(StoreError) -> Bool
    {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET delivery_state = 'dead', attempts = ?,
                        last_attempt_at = CASE WHEN ? > attempts THEN ? ELSE last_attempt_at END,
                        last_status = CASE WHEN ? > attempts THEN ? ELSE last_status END,
                        last_error = ?, finished_at = ?
                    WHERE id = ? AND delivery_state = 'pending'
                    """,
                arguments: [attempts, attempts, at, attempts, status, reason, at, id])
            return db.changesCount == 1
        }
    }

    /// Marks a notification `skipped`: not sent, because the same content was already delivered for its
    /// group and receiver.
    /// - Returns: false when the row does not exist or is no longer pending.
    @discardableResult
    public func markSkipped(id: Int64, at: Int64, reason: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET delivery_state = 'skipped', last_error = ?, finished_at = ?
                    WHERE id = ? AND delivery_state = 'pending'
                    """,
                arguments: [reason, at, id])
            return db.changesCount == 1
        }
    }

    /// The newest `limit` notifications in any state, newest first; only `model`'s when given.
    public func outboxEntries(model: String? = nil, limit: Int = 100) throws(StoreError) -> [OutboxRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.outboxColumns) FROM outbox
                    WHERE ? IS NULL OR model = ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [model, model, max(0, limit)]
            ).map(Self.outboxRecord)
        }
    }

    /// How many notifications are in each delivery state, keyed by the state's raw value (`pending`,
    /// `delivered`, `dead`, `skipped`); every state is present, zero when no row is in it.
    public func outboxCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts = Dictionary(uniqueKeysWithValues: OutboxRecord.DeliveryState.all.map { ($0.rawValue, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT delivery_state, COUNT(*) FROM outbox GROUP BY delivery_state") {
                counts[row[0] as String] = row[1]
            }
            return counts
        }
    }

    /// When the earliest pending notification that ``dueOutbox(now:limit:)`` can return is due (ms), or nil
    /// when nothing is pending. Notifications waiting behind an older one of their group do not count.
    public func nextDueTime() throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT MIN(next_attempt_at) FROM outbox WHERE delivery_state = 'pending' AND \(Self.headOfGroup)")
        }
    }

    /// The last notification delivered for `groupKey` to `receiver`, or nil when none was.
    public func notificationLogEntry(groupKey: String, receiver: String) throws(StoreError) -> NotificationLogEntry? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT group_key, receiver, content_hash, webhook_id, sent_at FROM notification_log
                    WHERE group_key = ? AND receiver = ?
                    """,
                arguments: [groupKey, receiver]
            ).map { row in
                NotificationLogEntry(
                    groupKey: row[0], receiver: row[1], contentHash: row[2], webhookID: row[3], sentAt: row[4])
            }
        }
    }

    /// True for a pending row with no older pending row of the same (group, receiver).
    private static let headOfGroup = """
        NOT EXISTS (
            SELECT 1 FROM outbox AS earlier
            WHERE earlier.delivery_state = 'pending' AND earlier.group_key = outbox.group_key
                AND earlier.receiver = outbox.receiver AND earlier.id < outbox.id)
        """

    /// The columns ``outboxRecord(_:)`` reads, in its order.
    static let outboxColumns = """
        id, webhook_id, group_key, content_hash, receiver, kind, url, secret_env, model, rule, status, body,
        created_at, enqueued_at, delivery_state, attempts, next_attempt_at, last_attempt_at, last_status, last_error,
        finished_at
        """

    static func outboxRecord(_ row: Row) -> OutboxRecord {
        OutboxRecord(
            id: row[0],
            notification: NewOutboxRecord(
                webhookID: row[1], groupKey: row[2], contentHash: row[3], receiver: row[4], kind: row[5], url: row[6],
                secretEnv: row[7], model: row[8], rule: row[9], status: row[10], body: row[11], createdAt: row[12],
                enqueuedAt: row[13]),
            deliveryState: .init(rawValue: row[14]), attempts: row[15],
            nextAttemptAt: row[16], lastAttemptAt: row[17], lastStatus: row[18], lastError: row[19],
            finishedAt: row[20])
    }
}
