public import DriftAlerting
public import DriftCore

/// The alerting parts of a running server: the rule book (reloaded on SIGHUP), the alerter that the
/// evaluation loop runs after each evaluation pass, and the hook that wakes delivery when notifications
/// were queued.
public struct AlertingRuntime: Sendable {
    public let rules: RuleBook
    public let alerter: Alerter
    /// Called after an alert pass queued notifications, so they are sent without waiting for a poll.
    public let notificationsQueued: @Sendable () -> Void

    public init(rules: RuleBook, alerter: Alerter, notificationsQueued: @escaping @Sendable () -> Void = {}) {
        self.rules = rules
        self.alerter = alerter
        self.notificationsQueued = notificationsQueued
    }

    /// The store the alerter writes to.
    public var store: any StoragePort { alerter.store }
}
