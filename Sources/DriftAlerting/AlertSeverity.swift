/// A rule's severity, carried as the `severity` label. Default `warning`.
///
/// A closed set, so that `check-config` catches typos such as `warnign` before a router
/// keyed on severity silently drops the alert.
public enum AlertSeverity: String, CaseIterable, Hashable, Sendable {
    case info
    case warning
    case critical
}
