/// A model's health at a glance: what `GET /v1/models` reports as `status` and what the dashboards
/// show. `StatusRule` (DriftEvaluation) decides it; the cases are listed in the rule's precedence.
public enum ModelStatus: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// No window has been evaluated yet.
    case noData = "no_data"
    /// The latest complete window has no events although earlier traffic was seen: the serving side
    /// stopped sending (or stopped serving).
    case noTraffic = "no_traffic"
    /// The latest measured performance is worse than the reference's by more than the rule's margin.
    case degraded
    /// Many features drifted in the latest complete window, or an alert of the model is firing.
    case drifting
    /// Evaluated, with traffic, no drift beyond the rule, performance within its margin, no firing alert.
    case ok

    /// Where the status goes in a list that shows problems first: degraded, drifting, no traffic, ok,
    /// then models without data (nothing to look at yet).
    public var problemRank: Int {
        switch self {
        case .degraded: 0
        case .drifting: 1
        case .noTraffic: 2
        case .ok: 3
        case .noData: 4
        }
    }

    /// The statuses in problem order (``problemRank``).
    public static let problemsFirst: [ModelStatus] = allCases.sorted { $0.problemRank < $1.problemRank }

    /// The status in words, for people: `no data`, `no traffic`, `degraded`, `drifting`, `ok`.
    public var label: String { rawValue.split(separator: "_").joined(separator: " ") }
}
