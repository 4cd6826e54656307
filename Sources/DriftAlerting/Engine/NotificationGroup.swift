/// One alert as a notification reports it: its state after the change, and what caused it.
public struct AlertSnapshot: Sendable, Equatable {
    public var key: AlertKey
    /// `firing` or `resolved`.
    public var status: AlertStatus
    /// The compared value (window value minus baseline, when the rule has one).
    public var value: Double
    /// The baseline's own value, for rules with a baseline.
    public var baseline: Double?
    /// When the alert started firing (evaluation time, ms).
    public var startsAt: Int64
    /// When it resolved; nil while firing.
    public var endsAt: Int64?
    /// The window whose value caused the notification.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// Start of the first window of the run of breaches that made it fire.
    public var breachStart: Int64

    public init(
        key: AlertKey, status: AlertStatus, value: Double, baseline: Double?, startsAt: Int64, endsAt: Int64?,
        windowStart: Int64, windowEnd: Int64, breachStart: Int64
    ) {
        self.key = key
        self.status = status
        self.value = value
        self.baseline = baseline
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.breachStart = breachStart
    }
}

/// What one notification says: the alerts of one rule and one model that changed state on the same
/// window (or, for a repeat, every alert of the group still firing).
public struct NotificationGroup: Sendable, Equatable {
    /// The rule.
    public var rule: AlertRule
    /// The model.
    public var model: String
    /// The window that caused the changes (for a repeat, the latest window consumed).
    public var windowStart: Int64
    public var windowEnd: Int64
    /// The reference version that window was compared with.
    public var referenceVersion: Int
    /// The alerts, sorted by feature.
    public var alerts: [AlertSnapshot]
    /// Whether this re-sends still-firing alerts after `repeat_interval`.
    public var isRepeat: Bool
    /// The features of the window that drifted, with their drift scores (for retrain triggers).
    public var driftedFeatures: [DriftedFeature]
    /// When the group was formed (evaluation time, ms).
    public var createdAt: Int64
    /// The slice whose alerts these are, `KEY:VALUE`; nil for the whole model.
    public var slice: String?

    public init(
        rule: AlertRule, model: String, windowStart: Int64, windowEnd: Int64, referenceVersion: Int,
        alerts: [AlertSnapshot], isRepeat: Bool, driftedFeatures: [DriftedFeature], createdAt: Int64
    ) {
        self.rule = rule
        self.model = model
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.referenceVersion = referenceVersion
        self.alerts = alerts
        self.isRepeat = isRepeat
        self.driftedFeatures = driftedFeatures
        self.createdAt = createdAt
    }

    /// `firing` when any alert fires, else `resolved` (Alertmanager's group status).
    public var status: AlertStatus { alerts.contains { $0.status == .firing } ? .firing : .resolved }

    /// `rule/model` (`rule/model/KEY:VALUE` for a slice), the notification log's group key.
    public var key: String { "\(rule.name)/\(model)" + (slice.map { "/\($0)" } ?? "") }
}

/// A feature that drifted in a window, and by how much (for retrain triggers).
public struct DriftedFeature: Sendable, Equatable, Codable {
    public var name: String
    /// PSI of the feature in the window.
    public var psi: Double?
    /// The value of the window's drift method (PSI, KS p-value, …) that decided.
    public var method: String
    public var score: Double?

    public init(name: String, psi: Double?, method: String, score: Double?) {
        self.name = name
        self.psi = psi
        self.method = method
        self.score = score
    }
}
