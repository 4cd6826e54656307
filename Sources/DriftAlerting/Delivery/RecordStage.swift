public import DriftCore

/// The last stage: writes a row's disposition to the outbox (and, on delivery, the notification log, in
/// the same transaction).
public struct RecordStage: Sendable {
    public let store: any StoragePort

    public init(store: any StoragePort) {
        self.store = store
    }

    /// Records `disposition` for `row` at `at` (ms). Blocks on the store.
    /// - Returns: false when the row was no longer pending (another writer got there first), so nothing
    ///   was written.
    @discardableResult
    public func record(_ row: OutboxRecord, _ disposition: DeliveryDisposition, at: Int64) throws(StoreError) -> Bool {
        switch disposition {
        case .delivered(let status):
            return try store.markDelivered(id: row.id, at: at, status: status)
        case .retry(let nextAttemptAt, let status, let error):
            return try store.scheduleRetry(
                id: row.id, attempts: row.attempts + 1, nextAttemptAt: nextAttemptAt, at: at, status: status, error: error)
        case .dead(let status, let reason, let attempted):
            return try store.markDead(
                id: row.id, attempts: row.attempts + (attempted ? 1 : 0), at: at, status: status, reason: reason)
        case .skipped(let reason):
            return try store.markSkipped(id: row.id, at: at, reason: reason)
        }
    }
}
