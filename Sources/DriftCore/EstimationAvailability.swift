public import DriftStats

/// Whether a model's windows carry `estimated_performance`, and why not when they do not: reported in
/// the model's detail (`GET /v1/models/{model}`) as `estimated_performance`.
public struct EstimationAvailability: Sendable, Equatable, Codable {
    /// Whether each window of the current reference version gets an estimate.
    public var available: Bool
    /// Why the estimate is unavailable, or, when available without calibration, why the scores are
    /// used as they are; nil otherwise.
    public var reason: String?
    /// How scores become probabilities: `isotonic` or `identity`; nil when unavailable.
    public var calibration: String?

    public init(available: Bool, reason: String?, calibration: String?) {
        self.available = available
        self.reason = reason
        self.calibration = calibration
    }

    /// The availability for a reference version.
    /// - Parameters:
    ///   - schema: the reference's schema.
    ///   - calibration: its profile's score calibration.
    ///   - performance: its own performance (which tells whether it had labels and scores).
    public init(schema: ModelSchema, calibration: ScoreCalibration?, performance: PerformanceMetrics?) {
        guard schema.task == .binary else {
            self.init(
                available: false,
                reason: "estimated performance (CBPE) covers binary classification; this model's task is "
                    + "\(schema.task.rawValue)",
                calibration: nil)
            return
        }
        switch calibration {
        case .isotonic:
            self.init(available: true, reason: nil, calibration: "isotonic")
        case .identity(.oneClass):
            self.init(
                available: true, reason: "the reference's labels have one class, so scores are used uncalibrated",
                calibration: "identity")
        case .identity(.separable):
            self.init(
                available: true,
                reason: "the reference's ROC AUC exceeds 0.999, so scores are used uncalibrated",
                calibration: "identity")
        case nil:
            var hasLabels = false, hasScores = false
            if case .binary(let metrics) = performance {
                hasLabels = true
                hasScores = metrics.rocAUC != nil
            }
            let missing =
                !hasLabels
                ? "the reference has no labelled rows"
                : !hasScores
                    ? "the reference has no 'score' column (or a row without a score)"
                    : "the reference was prepared before estimated performance existed; upload it again"
            self.init(
                available: false, reason: missing + ", so there is no calibration to estimate performance with",
                calibration: nil)
        }
    }
}
