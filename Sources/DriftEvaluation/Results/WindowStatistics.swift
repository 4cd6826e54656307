public import DriftStats

/// Everything measured in one window: volume, per-feature drift and data quality, prediction drift and
/// performance on the labelled events. The part of a ``WindowResult`` that the store keeps as JSON.
public struct WindowStatistics: Sendable, Equatable, Codable {
    /// Events in the window.
    public var count: Int
    /// Events in the window with a label.
    public var labelled: Int
    /// labelled / count (0 for an empty window).
    public var labelCoverage: Double
    /// Drifted features / features with a drift decision (features with insufficient data are left
    /// out of both); 0 when no feature has a decision.
    public var driftedFeatureShare: Double
    /// The method of every feature's `drift` decision (a feature of the other type may fall back: KS
    /// becomes χ² on a categorical feature; see `DriftDecision`).
    public var driftMethod: DriftMethod
    /// The threshold of the decisions.
    public var driftThreshold: Double
    /// The fewest usable values a feature needed for statistics.
    public var minSamples: Int
    /// Feature name → its result, for every feature of the reference.
    public var features: [String: FeatureResult]
    /// The prediction compared with the reference's predictions: as categorical for classification, as
    /// numeric for regression. Absent when the reference has no prediction column.
    public var prediction: FeatureResult?
    /// Performance on the events that have both a label and a prediction; absent when none has.
    /// Encoded flat with its `task` and `count`, as `PerformanceMetrics` encodes.
    public var performance: PerformanceMetrics?
    /// The reference's own performance, the baseline; absent when the reference had no labels.
    public var referencePerformance: PerformanceMetrics?
    /// Performance estimated from the calibrated scores of all the window's events, labelled or not
    /// (CBPE, STATISTICS.md "Estimated performance without labels"). Absent for models that are not
    /// binary, without scores, or whose reference has no calibration (the model's detail says why), and
    /// in windows stored before it existed.
    public var estimatedPerformance: EstimatedPerformance?
    /// Serving latency over the events that carried `latency_ms` (API.md, "Serving metrics"); absent when
    /// none did, and in windows stored before it existed.
    public var latency: LatencySummary?

    public init(
        count: Int, labelled: Int, labelCoverage: Double, driftedFeatureShare: Double, driftMethod: DriftMethod,
        driftThreshold: Double, minSamples: Int, features: [String: FeatureResult], prediction: FeatureResult?,
        performance: PerformanceMetrics?, referencePerformance: PerformanceMetrics?,
        estimatedPerformance: EstimatedPerformance? = nil, latency: LatencySummary? = nil
    ) {
        self.latency = latency
        self.count = count
        self.labelled = labelled
        self.labelCoverage = labelCoverage
        self.driftedFeatureShare = driftedFeatureShare
        self.driftMethod = driftMethod
        self.driftThreshold = driftThreshold
        self.minSamples = minSamples
        self.features = features
        self.prediction = prediction
        self.performance = performance
        self.referencePerformance = referencePerformance
        self.estimatedPerformance = estimatedPerformance
    }

    enum CodingKeys: String, CodingKey {
        case count, labelled
        case labelCoverage = "label_coverage"
        case driftedFeatureShare = "drifted_feature_share"
        case driftMethod = "drift_method"
        case driftThreshold = "drift_threshold"
        case minSamples = "min_samples"
        case features, prediction, performance
        case referencePerformance = "reference_performance"
        case estimatedPerformance = "estimated_performance"
        case latency
    }
}
