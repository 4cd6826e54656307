public import DriftEvaluation

/// What the dashboards show and how a model's status is decided.
public struct DashboardOptions: Sendable, Equatable {
    /// Most windows on a model's pages: the latest window and the slots before it (720: 30 days of
    /// hourly windows). Older windows are left out of the charts.
    public var maxWindows: Int
    /// Windows in the index page's sparklines (168: a week of hourly windows).
    public var sparklineWindows: Int
    /// The status rule of the index and model pages.
    public var statusRule: StatusRule
    /// Most alert state changes listed in a model page's table (the chart shows all in view).
    public var maxAlertRows: Int
    /// Up to this many models (24) the index shows a card with sparklines per model; beyond, one compact
    /// table row per model.
    public var maxIndexCards: Int
    /// Most models on one list page (1,000): the index shows the first this many, problems first, and each
    /// status list is cut into pages of this many, so no page grows with the fleet.
    public var maxIndexRows: Int

    public init(
        maxWindows: Int = 720, sparklineWindows: Int = 168, statusRule: StatusRule = StatusRule(),
        maxAlertRows: Int = 200, maxIndexCards: Int = 24, maxIndexRows: Int = 1_000
    ) {
        self.maxIndexCards = maxIndexCards
        self.maxIndexRows = maxIndexRows
        self.maxWindows = maxWindows
        self.sparklineWindows = sparklineWindows
        self.statusRule = statusRule
        self.maxAlertRows = maxAlertRows
    }

    /// Checks the ranges.
    /// - Throws: ``DashboardError/Code/invalidOptions``.
    public func validate() throws(DashboardError) {
        guard (1...100_000).contains(maxWindows) else {
            throw DashboardError(.invalidOptions, "maxWindows must be between 1 and 100000, not \(maxWindows)")
        }
        guard (1...10_000).contains(sparklineWindows) else {
            throw DashboardError(
                .invalidOptions, "sparklineWindows must be between 1 and 10000, not \(sparklineWindows)")
        }
        guard maxAlertRows >= 0 else { throw DashboardError(.invalidOptions, "maxAlertRows must be ≥ 0") }
        guard maxIndexCards >= 0 else { throw DashboardError(.invalidOptions, "maxIndexCards must be ≥ 0") }
        guard (1...100_000).contains(maxIndexRows) else {
            throw DashboardError(.invalidOptions, "maxIndexRows must be between 1 and 100000, not \(maxIndexRows)")
        }
    }
}
