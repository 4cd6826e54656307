/// The store's side of alerting: alert states with their transitions, written together with the
/// notifications they enqueue, and the outbox that delivery works through. Blocking, like every part of
/// ``StoragePort``.
public protocol AlertStore: Sendable {
    /// Writes states, transitions, new outbox rows and alert cursors in one transaction.
    func commitAlerts(_ commit: AlertCommit) throws(StoreError)
    /// The evaluation time up to which the alerter has read the windows of `model`, or nil.
    func alertCursor(model: String) throws(StoreError) -> Int64?
    /// The alert states of `model`, or of every model when nil.
    func alertStates(model: String?) throws(StoreError) -> [AlertStateRecord]
    /// The latest `limit` transitions of `model` (every model when nil), newest first.
    func alertTransitions(model: String?, limit: Int) throws(StoreError) -> [AlertTransitionRecord]
    /// The transitions of `model` in [from, to), preceded by the state each alert carried into the range.
    func alertTransitions(model: String, from: Int64, to: Int64) throws(StoreError) -> [AlertTransitionRecord]
    /// When the latest notification of this kind for `model` and `receiver` was enqueued, or nil.
    func lastNotificationCreatedAt(model: String, kind: String, receiver: String) throws(StoreError) -> Int64?
    /// The notifications of `model` enqueued in [from, to), at most `limit`, oldest first.
    func outboxEntries(model: String, createdFrom from: Int64, to: Int64, limit: Int) throws(StoreError)
        -> [OutboxRecord]
    /// The latest `limit` notifications of `model` (every model when nil), newest first.
    func outboxEntries(model: String?, limit: Int) throws(StoreError) -> [OutboxRecord]
    /// The number of outbox rows in each delivery state (every state present, zero when none).
    func outboxCounts() throws(StoreError) -> [String: Int]

    /// At most `limit` pending rows due at `now`, each the oldest pending row of its group.
    func dueOutbox(now: Int64, limit: Int) throws(StoreError) -> [OutboxRecord]
    /// ``dueOutbox(now:limit:)`` for a sender. A store shared by several processes withholds each row
    /// returned from the others for `leaseMilliseconds` (its next attempt moves past the lease), so that of
    /// several replicas only one sends it and a replica that dies holding it loses it when the lease runs
    /// out; a store used by one process (whose sender runs one pass at a time) may answer as `dueOutbox`.
    func claimDueOutbox(now: Int64, limit: Int, leaseMilliseconds: Int64) throws(StoreError) -> [OutboxRecord]
    /// Marks a row delivered and records it in the notification log; false when it was no longer pending.
    @discardableResult
    func markDelivered(id: Int64, at: Int64, status: Int) throws(StoreError) -> Bool
    /// Schedules another attempt; false when the row was no longer pending.
    @discardableResult
    func scheduleRetry(id: Int64, attempts: Int, nextAttemptAt: Int64, at: Int64, status: Int?, error: String)
        throws(StoreError) -> Bool
    /// Gives a row up; false when it was no longer pending.
    @discardableResult
    func markDead(id: Int64, attempts: Int, at: Int64, status: Int?, reason: String) throws(StoreError) -> Bool
    /// Skips a row (already delivered under its group); false when it was no longer pending.
    @discardableResult
    func markSkipped(id: Int64, at: Int64, reason: String) throws(StoreError) -> Bool
    /// When the earliest pending head-of-group row is due, or nil.
    func nextDueTime() throws(StoreError) -> Int64?
    /// The last delivered notification of (group, receiver), or nil.
    func notificationLogEntry(groupKey: String, receiver: String) throws(StoreError) -> NotificationLogEntry?
}

extension AlertStore {
    /// The alert states of every model.
    public func alertStates() throws(StoreError) -> [AlertStateRecord] { try alertStates(model: nil) }

    /// The latest 1,000 transitions of `model` (every model when nil), newest first.
    public func alertTransitions(model: String? = nil) throws(StoreError) -> [AlertTransitionRecord] {
        try alertTransitions(model: model, limit: 1_000)
    }

    /// The notifications of `model` enqueued in [from, to), at most 10,000, oldest first.
    public func outboxEntries(model: String, createdFrom from: Int64, to: Int64) throws(StoreError) -> [OutboxRecord] {
        try outboxEntries(model: model, createdFrom: from, to: to, limit: 10_000)
    }

    /// The latest 100 notifications of `model` (every model when nil), newest first.
    public func outboxEntries(model: String? = nil) throws(StoreError) -> [OutboxRecord] {
        try outboxEntries(model: model, limit: 100)
    }

    /// At most 32 pending rows due at `now`.
    public func dueOutbox(now: Int64) throws(StoreError) -> [OutboxRecord] { try dueOutbox(now: now, limit: 32) }
}
