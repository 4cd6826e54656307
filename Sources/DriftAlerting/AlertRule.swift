/// One alert rule (API.md, "Alert rules").
///
/// ```yaml
/// rules:
///   - name: feature-drift        # required, unique across all files; becomes the `alertname` label
///     model: "*"                 # glob, default "*"
///     feature: "*"               # glob; feature-level metrics only, default "*"
///     metric: psi                # required, see AlertMetric
///     op: ">="                   # required: > >= < <=
///     threshold: 0.2             # required, a finite number
///     baseline: reference        # optional, performance metrics only: compare value − reference value
///     for: 2                     # consecutive evaluated windows that must breach, default 1
///     severity: warning          # info | warning | critical, default warning
///     labels: {team: ml-platform}
///     annotations: {summary: "{{feature}} drifted on {{model}}: PSI {{value}}"}
///     receivers: [oncall]        # required, non-empty, each declared in some file
/// ```
///
/// Feature glob: for a feature-level metric (`AlertMetric.Scope.feature`) an omitted `feature`
/// means every feature (`*`); for a model-level metric `feature` must be omitted and is nil here.
///
/// Annotation values may use the placeholders in `AlertRule.placeholders`; they are filled in
/// when the alert is rendered, not by the loader.
public struct AlertRule: Hashable, Sendable {
    /// Unique rule name.
    public let name: String
    /// Which models the rule watches.
    public let model: Glob
    /// Which features it watches; nil for model-level metrics.
    public let feature: Glob?
    /// The metric compared.
    public let metric: AlertMetric
    /// The comparison that means "breach".
    public let op: ComparisonOperator
    /// The value compared with.
    public let threshold: Double
    /// When set, the threshold applies to the window's value minus the baseline's (see ``AlertBaseline``).
    public let baseline: AlertBaseline?
    /// Consecutive evaluated windows that must breach before the alert fires (≥ 1).
    public let forWindows: Int
    /// The `severity` label.
    public let severity: AlertSeverity
    /// Extra labels, added to every alert of this rule.
    public let labels: [String: String]
    /// Annotation templates, e.g. `summary`, `description`, `runbook_url`.
    public let annotations: [String: String]
    /// Names of the receivers notified, in file order.
    public let receivers: [String]
    /// Where the rule is declared (its first key).
    public let location: SourceLocation
    /// Which slices of the model the rule watches (`slices:`; default ``AlertSliceScope/whole``).
    public let slices: AlertSliceScope

    /// The placeholders annotation templates may use, written `{{name}}` (spaces inside the braces allowed):
    /// `model`, `feature` (empty for model-level metrics), `metric`, `value`, `threshold`, `op`,
    /// `window` (the window's start–end), `severity`, `rule`, `baseline` (the reference's value, for
    /// rules with a baseline; empty otherwise) and `dashboard` (the link to the model's dashboard page).
    public static let placeholders: Set<String> = [
        "model", "feature", "metric", "value", "threshold", "op", "window", "severity", "rule", "baseline",
        "dashboard",
    ]

    /// A rule; the loader validates, this initializer does not.
    public init(
        name: String, model: Glob = .any, feature: Glob?, metric: AlertMetric, op: ComparisonOperator,
        threshold: Double, baseline: AlertBaseline? = nil, forWindows: Int = 1, severity: AlertSeverity = .warning, labels: [String: String] = [:],
        annotations: [String: String] = [:], receivers: [String], location: SourceLocation,
        slices: AlertSliceScope = .whole
    ) {
        self.name = name
        self.model = model
        self.feature = feature
        self.metric = metric
        self.op = op
        self.threshold = threshold
        self.baseline = baseline
        self.forWindows = forWindows
        self.severity = severity
        self.labels = labels
        self.annotations = annotations
        self.receivers = receivers
        self.location = location
        self.slices = slices
    }
}
