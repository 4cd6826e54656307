public import DriftCore

/// The first stage: should this notification be sent at all?
///
/// Like Alertmanager's dedupe stage, it compares the notification with the notification log, which
/// remembers, per (group, receiver), the last notification delivered: when that one said the same thing
/// (the same content hash), sending again would page twice for one change, and the notification is
/// skipped. The log is written only after a successful send (``AlertStore/markDelivered(id:at:status:)``),
/// so a failed delivery never suppresses the next one.
///
/// The content hash is the producer's contract: two notifications that should both be sent (a resolved
/// alert firing again, a `repeat_interval` reminder) must hash differently.
public struct DedupeStage: Sendable {
    /// The stage's verdict.
    public enum Decision: Sendable, Hashable {
        case send
        /// Not sent; `reason` is recorded on the row.
        case skip(reason: String)
    }

    /// Where the notification log is read.
    public let store: any StoragePort

    public init(store: any StoragePort) {
        self.store = store
    }

    /// Reads the log entry for the row's (group, receiver) and decides. Blocks on the store.
    public func check(_ row: OutboxRecord) throws(StoreError) -> Decision {
        Self.decide(row, logged: try store.notificationLogEntry(groupKey: row.groupKey, receiver: row.receiver))
    }

    /// The pure decision: skip when `logged` holds the same content hash under another `webhook-id`.
    public static func decide(_ row: OutboxRecord, logged: NotificationLogEntry?) -> Decision {
        guard let logged, logged.contentHash == row.contentHash, logged.webhookID != row.webhookID else { return .send }
        return .skip(
            reason: "the same content was already delivered to \(row.receiver) for \(row.groupKey) as "
                + "\(logged.webhookID)")
    }
}
