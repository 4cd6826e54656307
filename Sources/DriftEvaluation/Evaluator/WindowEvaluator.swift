public import DriftCore
public import DriftStats

/// Evaluates windows against one reference version: per-feature drift and data quality, prediction drift
/// and performance on the labelled events (STATISTICS.md, "Windows").
///
/// Pure: no I/O and no clock. The statistics are DriftStats' streaming folds (``WindowAccumulator``);
/// this type only decides which apply, applies `min_samples`, and shapes the result.
public struct WindowEvaluator: Sendable {
    /// The prepared reference the windows are compared with.
    public let profile: ReferenceProfile
    /// The reference's schema: feature types, task and positive label.
    public let schema: ModelSchema
    /// The reference version, reported with each window.
    public let referenceVersion: Int
    /// The reference's own performance, reported beside each window's.
    public let referencePerformance: PerformanceMetrics?
    /// Minimum samples and the drift decision.
    public let settings: EvaluationSettings

    public init(
        profile: ReferenceProfile, schema: ModelSchema, referenceVersion: Int,
        referencePerformance: PerformanceMetrics?, settings: EvaluationSettings
    ) {
        self.profile = profile
        self.schema = schema
        self.referenceVersion = referenceVersion
        self.referencePerformance = referencePerformance
        self.settings = settings
    }

    /// An evaluator for a stored reference.
    public init(reference: StoredReference, settings: EvaluationSettings) {
        self.init(
            profile: reference.profile, schema: reference.schema, referenceVersion: reference.version,
            referencePerformance: reference.performance, settings: settings)
    }

    /// Evaluates the window [`data.start`, `data.end`).
    ///
    /// - Parameters:
    ///   - data: the window's events, read with this reference's schema.
    ///   - partial: whether the window is still open (or within its allowed lateness).
    ///   - evaluatedAt: the evaluation time in milliseconds, reported as `evaluated_at`.
    /// - Returns: the result with `evaluations` = 1; the store counts re-evaluations.
    /// - Throws: ``EvaluationError/Code/typeMismatch`` when a column's type differs from the reference's.
    public func evaluate(_ data: WindowData, partial: Bool, evaluatedAt: Int64) throws(EvaluationError)
        -> WindowResult
    {
        WindowResult(
            start: data.start, end: data.end, partial: partial, referenceVersion: referenceVersion,
            evaluatedAt: evaluatedAt, evaluations: 1, statistics: try statistics(of: data))
    }

    /// The statistics of one window's events: the window folded in one chunk into a
    /// ``WindowAccumulator``, so a window in memory and a window streamed from the store in chunks give the
    /// same result.
    /// - Throws: ``EvaluationError/Code/typeMismatch`` when a column's type differs from the reference's.
    public func statistics(of data: WindowData) throws(EvaluationError) -> WindowStatistics {
        var accumulator = makeAccumulator()
        accumulator.add(data)
        if accumulator.needsGather {
            accumulator.prepareGather()
            accumulator.gather(data)
        }
        return try accumulator.statistics(referencePerformance: referencePerformance)
    }

    /// An empty streaming state for a window evaluated against this reference.
    public func makeAccumulator(keptBudget: Int = NumericFold.defaultKeptBudget) -> WindowAccumulator {
        WindowAccumulator(profile: profile, schema: schema, settings: settings, keptBudget: keptBudget)
    }
}
