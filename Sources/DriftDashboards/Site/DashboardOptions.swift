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

    public init(
        maxWindows: Int = 720, sparklineWindows: Int = 168, statusRule: StatusRule = StatusRule(),
        maxAlertRows: Int = 200
    ) {
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
    }
}
