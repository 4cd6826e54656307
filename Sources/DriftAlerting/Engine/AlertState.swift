public import DriftCore

/// The state machine's memory for one alert, persisted between evaluations (`alert_state`).
/// Times are milliseconds of evaluation time (the injected clock).
public struct AlertState: Sendable, Equatable {
    public var key: AlertKey
    public var status: AlertStatus
    /// Consecutive consumed windows that breached.
    public var breaches: Int
    /// Start of the last window consumed; windows at or before it are not consumed again.
    public var lastWindowStart: Int64?
    /// End of that window.
    public var lastWindowEnd: Int64?
    /// The compared value in that window (after subtracting the baseline, if any).
    public var value: Double?
    /// The baseline's own value in that window, for rules with a baseline.
    public var baseline: Double?
    /// Start of the first window of the current run of breaches (nil when not breaching).
    public var activeSince: Int64?
    /// When the alert last started firing.
    public var firedAt: Int64?
    /// When it last resolved.
    public var resolvedAt: Int64?
    /// When a firing notification was last queued (for `repeat_interval`).
    public var lastNotifiedAt: Int64?
    /// When the state last changed.
    public var updatedAt: Int64

    /// A fresh, inactive alert that has consumed nothing.
    public static func initial(_ key: AlertKey) -> AlertState {
        AlertState(
            key: key, status: .inactive, breaches: 0, lastWindowStart: nil, value: nil, activeSince: nil, firedAt: nil,
            resolvedAt: nil, lastNotifiedAt: nil, updatedAt: 0)
    }

    public init(
        key: AlertKey, status: AlertStatus, breaches: Int, lastWindowStart: Int64?, lastWindowEnd: Int64? = nil,
        value: Double?, baseline: Double? = nil, activeSince: Int64?, firedAt: Int64?, resolvedAt: Int64?, lastNotifiedAt: Int64?, updatedAt: Int64
    ) {
        self.key = key
        self.status = status
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

    /// The state a stored row describes; nil when its status is not one this build knows.
    public init?(record: AlertStateRecord) {
        guard let status = AlertStatus(rawValue: record.state) else { return nil }
        self.init(
            key: AlertKey(
                rule: record.rule, model: record.model, feature: record.feature.isEmpty ? nil : record.feature,
                slice: record.slice.isEmpty ? nil : record.slice),
            status: status, breaches: record.breaches, lastWindowStart: record.lastWindowStart,
            lastWindowEnd: record.lastWindowEnd, value: record.value, baseline: record.baseline,
            activeSince: record.activeSince, firedAt: record.firedAt, resolvedAt: record.resolvedAt,
            lastNotifiedAt: record.lastNotifiedAt, updatedAt: record.updatedAt)
    }

    /// The row to store.
    public var record: AlertStateRecord {
        var record = AlertStateRecord(
            rule: key.rule, model: key.model, feature: key.feature ?? "", state: status.rawValue, breaches: breaches,
            lastWindowStart: lastWindowStart, lastWindowEnd: lastWindowEnd, value: value, baseline: baseline,
            activeSince: activeSince, firedAt: firedAt,
            resolvedAt: resolvedAt, lastNotifiedAt: lastNotifiedAt, updatedAt: updatedAt)
        record.slice = key.slice ?? ""
        return record
    }
}
