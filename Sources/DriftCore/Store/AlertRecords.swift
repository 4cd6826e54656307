/// Where one alert (a rule applied to one model and, for feature-level metrics, one feature) stands, as the
/// store keeps it. The alerting target owns the meaning of the fields; the store only persists them.
public struct AlertStateRecord: Sendable, Equatable {
    /// The rule's name.
    public var rule: String
    /// The model's name.
    public var model: String
    /// The feature, or `""` for a model-level metric.
    public var feature: String
    /// The slice the alert watches, `KEY:VALUE`, or `""` for the whole model.
    public var slice: String = ""
    /// `inactive`, `pending`, `firing` or `resolved`.
    public var state: String
    /// Consecutive evaluated windows that breached the threshold.
    public var breaches: Int
    /// Start of the last window whose value the state machine consumed (ms), nil before the first.
    public var lastWindowStart: Int64?
    /// End of that window (ms).
    public var lastWindowEnd: Int64?
    /// The metric's value in that window.
    public var value: Double?
    /// The baseline's value in that window, for rules with a baseline.
    public var baseline: Double?
    /// When the current breach began (the pending transition), ms of evaluation time.
    public var activeSince: Int64?
    /// When the alert last started firing.
    public var firedAt: Int64?
    /// When it last resolved.
    public var resolvedAt: Int64?
    /// When a firing notification was last queued for it (for `repeat_interval`).
    public var lastNotifiedAt: Int64?
    /// When the row last changed.
    public var updatedAt: Int64

    public init(
        rule: String, model: String, feature: String, state: String, breaches: Int, lastWindowStart: Int64?,
        lastWindowEnd: Int64? = nil, value: Double?, baseline: Double? = nil, activeSince: Int64?, firedAt: Int64?, resolvedAt: Int64?, lastNotifiedAt: Int64?,
        updatedAt: Int64
    ) {
        self.rule = rule
        self.model = model
        self.feature = feature
        self.state = state
        self.breaches = breaches
        self.lastWindowStart = lastWindowStart
        self.lastWindowEnd = lastWindowEnd
        self.value = value
        self.baseline = baseline
        self.activeSince = activeSince
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.lastNotifiedAt = lastNotifiedAt
        self.updatedAt = updatedAt
    }
}

/// One step of an alert's timeline: it entered `state` at `at`, on the window [windowStart, windowEnd).
public struct AlertTransitionRecord: Sendable, Equatable {
    public var rule: String
    public var model: String
    /// The feature, or `""` for a model-level metric.
    public var feature: String
    /// The slice, `KEY:VALUE`, or `""` for the whole model.
    public var slice: String = ""
    /// The state entered: `pending`, `firing`, `resolved` or `inactive`.
    public var state: String
    /// Evaluation time of the transition (ms).
    public var at: Int64
    /// The value that caused it.
    public var value: Double?
    public var windowStart: Int64?
    public var windowEnd: Int64?

    public init(
        rule: String, model: String, feature: String, state: String, at: Int64, value: Double?, windowStart: Int64?,
        windowEnd: Int64?
    ) {
        self.rule = rule
        self.model = model
        self.feature = feature
        self.state = state
        self.at = at
        self.value = value
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }
}

/// A notification to put in the outbox.
public struct NewOutboxRecord: Sendable, Equatable {
    /// The Standard Webhooks `webhook-id`, unique, reused on every retry.
    public var webhookID: String
    /// The notification group (rule and model), the notification log's key with the receiver.
    public var groupKey: String
    /// A digest of what the notification says (status and alerts), for deduplication.
    public var contentHash: String
    /// The receiver's name.
    public var receiver: String
    /// `webhook`, `retrain` or `alertmanager`.
    public var kind: String
    /// Where it is POSTed.
    public var url: String
    /// The environment variable holding the signing secret; nil sends unsigned.
    public var secretEnv: String?
    public var model: String
    public var rule: String
    /// `firing` or `resolved`.
    public var status: String
    /// The exact JSON body.
    public var body: String
    /// Evaluation time at which it was created (ms).
    public var createdAt: Int64
    /// Wall-clock time at which it was queued (ms); `max_delivery_age` counts from here.
    public var enqueuedAt: Int64

    public init(
        webhookID: String, groupKey: String, contentHash: String, receiver: String, kind: String, url: String,
        secretEnv: String?, model: String, rule: String, status: String, body: String, createdAt: Int64,
        enqueuedAt: Int64
    ) {
        self.webhookID = webhookID
        self.groupKey = groupKey
        self.contentHash = contentHash
        self.receiver = receiver
        self.kind = kind
        self.url = url
        self.secretEnv = secretEnv
        self.model = model
        self.rule = rule
        self.status = status
        self.body = body
        self.createdAt = createdAt
        self.enqueuedAt = enqueuedAt
    }
}

/// Everything one alert evaluation changes, written in one transaction: the new states, the timeline
/// steps and the notifications they cause. Either all of it is stored or none.
public struct AlertCommit: Sendable, Equatable {
    public var states: [AlertStateRecord]
    public var transitions: [AlertTransitionRecord]
    public var notifications: [NewOutboxRecord]
    /// Model → the `evaluated_at` of the newest window result consumed (the alert cursor).
    public var cursors: [String: Int64]

    public init(
        states: [AlertStateRecord] = [], transitions: [AlertTransitionRecord] = [],
        notifications: [NewOutboxRecord] = [], cursors: [String: Int64] = [:]
    ) {
        self.states = states
        self.transitions = transitions
        self.notifications = notifications
        self.cursors = cursors
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { states.isEmpty && transitions.isEmpty && notifications.isEmpty && cursors.isEmpty }
}
