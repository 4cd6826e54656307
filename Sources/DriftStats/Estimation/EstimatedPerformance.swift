/// Performance of a binary classifier estimated from its calibrated scores alone, without labels —
/// Confidence-Based Performance Estimation (CBPE, NannyML; STATISTICS.md, "Estimated performance
/// without labels").
///
/// With each event's calibrated probability p̂ of being positive and its prediction ŷ, the expected
/// confusion matrix is TP = Σ p̂·[ŷ = 1], FP = Σ (1 − p̂)·[ŷ = 1], FN = Σ p̂·[ŷ = 0],
/// TN = Σ (1 − p̂)·[ŷ = 0]. The estimate is only as good as the calibration: it assumes that
/// P(label | score) is the same as on the reference, so it cannot see concept drift.
public struct EstimatedPerformance: Sendable, Codable, Equatable {
    /// (TP + TN) / count.
    public var accuracy: Double
    /// TP / (TP + FP); 0 when no event was predicted positive.
    public var precision: Double
    /// TP / (TP + FN); 0 when the expected number of positives is 0.
    public var recall: Double
    /// TP / (TP + (FP + FN)/2); 0 when the denominator is 0.
    public var f1: Double
    /// The expected ROC curve's area (see ``EstimatedPerformanceAccumulator``); nil when the expected
    /// number of positives or of negatives is 0, where the curve is undefined.
    public var rocAUC: Double?
    /// Number of events (with a score and a prediction) the estimate covers.
    public var count: Int

    /// Creates a value from already computed estimates (``EstimatedPerformanceAccumulator`` computes them).
    public init(accuracy: Double, precision: Double, recall: Double, f1: Double, rocAUC: Double?, count: Int) {
        self.accuracy = accuracy
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.rocAUC = rocAUC
        self.count = count
    }

    /// JSON keys are snake_case like the rest of the API; an undefined ROC AUC leaves its key out.
    enum CodingKeys: String, CodingKey {
        case accuracy, precision, recall, f1
        case rocAUC = "roc_auc"
        case count
    }

    /// The estimate of a named metric as rules and gauges address it (`accuracy`, `precision`,
    /// `recall`, `f1`, `roc_auc`); nil for another name or an undefined ROC AUC.
    public func value(named name: String) -> Double? {
        switch name {
        case "accuracy": accuracy
        case "precision": precision
        case "recall": recall
        case "f1": f1
        case "roc_auc": rocAUC
        default: nil
        }
    }

    /// The metric names of ``value(named:)``.
    public static let metricNames = ["accuracy", "precision", "recall", "f1", "roc_auc"]
}
