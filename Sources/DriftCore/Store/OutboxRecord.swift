/// One notification in the outbox, as stored: what to send and where delivery stands.
///
/// The delivery service reads pending rows with ``AlertStore/dueOutbox(now:limit:)`` and writes the outcome
/// of each attempt back; `GET /v1/alerts` lists rows with ``AlertStore/outboxEntries(model:limit:)``.
@dynamicMemberLookup
public struct OutboxRecord: Sendable, Equatable {
    /// Where delivery of a notification stands.
    public struct DeliveryState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not yet delivered; tried again at `nextAttemptAt`.
        public static let pending = DeliveryState(rawValue: "pending")
        /// A receiver answered 2xx.
        public static let delivered = DeliveryState(rawValue: "delivered")
        /// Given up: a non-retryable answer, an unusable secret, or `max_delivery_age` reached (the dead letters).
        public static let dead = DeliveryState(rawValue: "dead")
        /// Not sent because the same content was already delivered for its group and receiver.
        public static let skipped = DeliveryState(rawValue: "skipped")

        /// Every state, in the order `outboxCounts()` lists them.
        public static let all: [DeliveryState] = [.pending, .delivered, .dead, .skipped]
    }

    /// The row's id, oldest first.
    public var id: Int64
    /// What is sent, and where, as it was queued: its fields read through the record too
    /// (`record.webhookID`, `record.body`).
    public var notification: NewOutboxRecord
    public var deliveryState: DeliveryState
    /// Attempts made so far (requests sent, or tried to send).
    public var attempts: Int
    /// When the next attempt is due (ms); meaningful while `pending`.
    public var nextAttemptAt: Int64
    /// When the last attempt was made (ms), nil before the first.
    public var lastAttemptAt: Int64?
    /// The HTTP status of the last answer, nil when there was none (network error, or no attempt).
    public var lastStatus: Int?
    /// Why the last attempt failed, or why the row is dead or skipped.
    public var lastError: String?
    /// When the row left `pending` (ms).
    public var finishedAt: Int64?

    public init(
        id: Int64, notification: NewOutboxRecord, deliveryState: DeliveryState, attempts: Int, nextAttemptAt: Int64,
        lastAttemptAt: Int64?, lastStatus: Int?, lastError: String?, finishedAt: Int64?
    ) {
        self.id = id
        self.notification = notification
        self.deliveryState = deliveryState
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.finishedAt = finishedAt
    }

    /// A field of the queued notification (``NewOutboxRecord``).
    public subscript<Value>(dynamicMember field: WritableKeyPath<NewOutboxRecord, Value>) -> Value {
        get { notification[keyPath: field] }
        set { notification[keyPath: field] = newValue }
    }
}

/// The last notification delivered for one (group, receiver): what the dedupe stage compares with.
public struct NotificationLogEntry: Sendable, Equatable {
    public var groupKey: String
    public var receiver: String
    /// The content hash of the notification delivered.
    public var contentHash: String
    /// Its `webhook-id`.
    public var webhookID: String
    /// When the receiver acknowledged it (ms).
    public var sentAt: Int64

    public init(groupKey: String, receiver: String, contentHash: String, webhookID: String, sentAt: Int64) {
        self.groupKey = groupKey
        self.receiver = receiver
        self.contentHash = contentHash
        self.webhookID = webhookID
        self.sentAt = sentAt
    }
}
