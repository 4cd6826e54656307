public import DriftCore

/// The state an alert entered, as the alert timeline shows it (the Prometheus alert lifecycle: an alert
/// whose condition holds is *pending* until it has held for the rule's duration, then *firing*, and
/// *resolved* once the condition stops holding).
public enum AlertTimelineState: String, Sendable, Equatable, CaseIterable {
    case pending
    case firing
    case resolved
}

/// One attempt to notify a receiver about an alert.
public struct AlertDelivery: Sendable, Equatable {
    /// The receiver's name as configured (`oncall-webhook`, `retrain`).
    public var receiver: String
    /// What happened, in the alerting target's words (`delivered`, `failed: HTTP 503`, `retrying`).
    public var status: String
    /// When, in milliseconds since the Unix epoch.
    public var at: Int64

    public init(receiver: String, status: String, at: Int64) {
        self.receiver = receiver
        self.status = status
        self.at = at
    }
}

/// One state change of one alert: the input of the model page's alert timeline and of the index page's
/// firing-alert count (which also makes a model *drifting*).
///
/// An alert is identified by (``rule``, ``model``, ``feature``, ``slice``); its state at a time is the state of its
/// latest entry at or before that time.
public struct AlertTimelineEntry: Sendable, Equatable {
    /// The rule's name.
    public var rule: String
    /// The model the alert is about.
    public var model: ModelName
    /// The feature, for a per-feature rule; nil for a model-level rule.
    public var feature: String?
    /// The slice the alert watches (`KEY:VALUE`, API.md "Slices"), or `""` for the whole model.
    public var slice: String
    /// The state the alert entered.
    public var state: AlertTimelineState
    /// When it entered it, in milliseconds since the Unix epoch.
    public var at: Int64
    /// The value of the rule's metric that caused the change (PSI, accuracy, …), if any.
    public var value: Double?
    /// Notifications sent about this change, oldest first.
    public var deliveries: [AlertDelivery]

    public init(
        rule: String, model: ModelName, feature: String? = nil, slice: String = "", state: AlertTimelineState,
        at: Int64, value: Double? = nil, deliveries: [AlertDelivery] = []
    ) {
        self.rule = rule
        self.model = model
        self.feature = feature
        self.slice = slice
        self.state = state
        self.at = at
        self.value = value
        self.deliveries = deliveries
    }

    /// `rule`, `rule · feature`, and ` · KEY:VALUE` after either for a slice's alert: the alert's name on
    /// the pages.
    public var alertName: String {
        (feature.map { "\(rule) · \($0)" } ?? rule) + (slice.isEmpty ? "" : " · \(slice)")
    }
}

/// Where the dashboards read alert history from. The alerting target implements it; the renderer calls
/// it once per model and render.
///
/// Contract: return the entries of `model` with `from ≤ at < to`, oldest first, **plus**, for every
/// alert that was pending or firing at `from`, the entry that put it in that state (its `at` is before
/// `from`), so that an alert firing since before the dashboards' period still counts as firing. An error
/// fails the render with ``DashboardError/Code/alertSource``; return an empty array when there is
/// nothing to show.
public protocol AlertTimelineSource: Sendable {
    func alertTimeline(model: ModelName, from: Int64, to: Int64) throws -> [AlertTimelineEntry]
}

/// The source used until alerting exists: no alerts, so the pages say "No alerts recorded".
public struct NoAlertTimeline: AlertTimelineSource {
    public init() {}

    public func alertTimeline(model: ModelName, from: Int64, to: Int64) throws -> [AlertTimelineEntry] { [] }
}

/// An ``AlertTimelineSource`` made from a closure (for tests, or to adapt another store).
public struct AlertTimelineClosure: AlertTimelineSource {
    private let body: @Sendable (ModelName, Int64, Int64) throws -> [AlertTimelineEntry]

    public init(
        _ body: @escaping @Sendable (_ model: ModelName, _ from: Int64, _ to: Int64) throws -> [AlertTimelineEntry]
    ) {
        self.body = body
    }

    public func alertTimeline(model: ModelName, from: Int64, to: Int64) throws -> [AlertTimelineEntry] {
        try body(model, from, to)
    }
}

extension Array where Element == AlertTimelineEntry {
    /// The alerts whose latest entry is `firing`, by name, sorted.
    var firingAlertNames: [String] {
        var latest: [String: AlertTimelineEntry] = [:]
        for entry in self {
            let key = entry.alertName
            if let known = latest[key], known.at > entry.at { continue }
            latest[key] = entry
        }
        return latest.values.filter { $0.state == .firing }.map(\.alertName).sorted()
    }
}
