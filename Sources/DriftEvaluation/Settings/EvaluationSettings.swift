public import DriftStats

/// How a model's windows are cut and judged (API.md's `models:` configuration: `window`,
/// `min_samples`, `allowed_lateness`, `drift_method`).
///
/// The number of PSI bins is not here: bins are fixed by the reference when it is prepared
/// (`ReferenceBuilder.prepare(columns:bins:)`), so that every window of a reference version is binned
/// alike.
public struct EvaluationSettings: Sendable, Equatable {
    /// Window length in milliseconds (default 1 h). Windows are aligned to the Unix epoch.
    public var windowMilliseconds: Int64
    /// The fewest non-missing values a feature needs in a window for statistics and a drift decision
    /// (default 100); below it the feature reports `insufficient_data`.
    public var minSamples: Int
    /// How long after its end a window still waits for late events before its final evaluation
    /// (default 5 min). Until then it is evaluated as partial.
    public var allowedLatenessMilliseconds: Int64
    /// How far back a late event or label still re-evaluates its window (default 7 days, measured from
    /// the window's end). Also bounds how far back empty windows are filled in.
    public var latenessHorizonMilliseconds: Int64
    /// The statistic that decides drift (default PSI).
    public var driftMethod: DriftMethod
    /// The decision threshold; nil for the method's default (``DriftMethod/defaultThreshold``).
    public var driftThreshold: Double?
    /// The segment keys whose values are evaluated as slices of their own (API.md, "Slices").
    public var segments = SegmentSettings()
    /// How one window's feature p-values are adjusted (STATISTICS.md, "Multiple testing").
    public var multipleTesting = MultipleTesting.none

    public static let hour: Int64 = 3_600_000
    public static let minute: Int64 = 60_000
    public static let day: Int64 = 86_400_000

    public init(
        windowMilliseconds: Int64 = hour, minSamples: Int = 100, allowedLatenessMilliseconds: Int64 = 5 * minute,
        latenessHorizonMilliseconds: Int64 = 7 * day, driftMethod: DriftMethod = .psi, driftThreshold: Double? = nil
    ) {
        self.windowMilliseconds = windowMilliseconds
        self.minSamples = minSamples
        self.allowedLatenessMilliseconds = allowedLatenessMilliseconds
        self.latenessHorizonMilliseconds = latenessHorizonMilliseconds
        self.driftMethod = driftMethod
        self.driftThreshold = driftThreshold
    }

    /// The threshold in force: ``driftThreshold`` or the method's default.
    public var effectiveThreshold: Double { driftThreshold ?? driftMethod.defaultThreshold }

    /// Checks that every setting is in range.
    /// - Throws: ``EvaluationError/Code/invalidSettings`` naming the first bad setting.
    public func validate() throws(EvaluationError) {
        guard windowMilliseconds > 0 else {
            throw EvaluationError(.invalidSettings, "window must be longer than 0 ms, not \(windowMilliseconds)")
        }
        guard minSamples >= 0 else { throw EvaluationError(.invalidSettings, "min_samples must be ≥ 0") }
        guard allowedLatenessMilliseconds >= 0 else {
            throw EvaluationError(.invalidSettings, "allowed_lateness must be ≥ 0")
        }
        guard latenessHorizonMilliseconds >= 0 else {
            throw EvaluationError(.invalidSettings, "lateness_horizon must be ≥ 0")
        }
        if let driftThreshold, !driftThreshold.isFinite {
            throw EvaluationError(.invalidSettings, "drift threshold must be a finite number")
        }
    }
}
