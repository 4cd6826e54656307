/// Performance of a binary classifier over the labelled predictions of a window
/// (STATISTICS.md, "Performance metrics").
///
/// Labels and predictions are already mapped to "is the positive class" (class 1, `true`, or the
/// configured positive label). Ratios whose denominator is zero (no predicted positives, no actual
/// positives) are 0, as in scikit-learn with `zero_division=0`.
public struct BinaryMetrics: Sendable, Codable, Equatable {
    /// Share of rows whose prediction equals the label: (TP + TN) / count.
    public var accuracy: Double
    /// TP / (TP + FP); 0 when nothing was predicted positive.
    public var precision: Double
    /// TP / (TP + FN); 0 when no label is positive.
    public var recall: Double
    /// Harmonic mean 2PR / (P + R) of precision and recall; 0 when P + R = 0.
    public var f1: Double
    /// Area under the ROC curve of the scores, Mann–Whitney U / (n₊·n₋) with ties counting ½
    /// (Hanley & McNeil 1982). `nil` without scores, when one class is absent from the labels, or
    /// when a score is NaN.
    public var rocAUC: Double?
    /// Mean cross-entropy of the scores clipped to [1e-15, 1 − 1e-15]. `nil` without scores or when
    /// a score is NaN.
    public var logLoss: Double?
    /// Number of rows (labelled predictions) the metrics were computed from.
    public var count: Int

    /// Creates a value from already computed metrics (use ``compute(labels:predictions:scores:)`` to
    /// compute them).
    public init(
        accuracy: Double, precision: Double, recall: Double, f1: Double,
        rocAUC: Double?, logLoss: Double?, count: Int
    ) {
        self.accuracy = accuracy
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.rocAUC = rocAUC
        self.logLoss = logLoss
        self.count = count
    }

    /// JSON keys are snake_case like the rest of the API; absent scores leave the keys out.
    enum CodingKeys: String, CodingKey {
        case accuracy, precision, recall, f1
        case rocAUC = "roc_auc"
        case logLoss = "log_loss"
        case count
    }

    /// Computes the metrics of one window.
    ///
    /// Counting is O(n); the ROC AUC sorts the scores once, O(n log n). Every metric is invariant
    /// under a permutation of the rows, bit for bit: the ratios come from integer counts and the log
    /// loss from a correctly rounded sum.
    ///
    /// - Parameters:
    ///   - labels: the true class of each row, `true` for the positive class.
    ///   - predictions: the predicted class of each row, `true` for the positive class.
    ///   - scores: optionally, each row's predicted probability of the positive class.
    /// - Returns: `nil` when there are no rows.
    /// - Precondition: `predictions` (and `scores`, if given) have as many elements as `labels`.
    public static func compute(labels: [Bool], predictions: [Bool], scores: [Double]?) -> BinaryMetrics? {
        precondition(
            labels.count == predictions.count,
            "BinaryMetrics: \(labels.count) labels but \(predictions.count) predictions")
        if let scores {
            precondition(
                labels.count == scores.count,
                "BinaryMetrics: \(labels.count) labels but \(scores.count) scores")
        }
        guard !labels.isEmpty else { return nil }

        var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
        for (label, prediction) in zip(labels, predictions) {
            switch (label, prediction) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
        let count = labels.count
        // F1 from the counts, 2TP / (2TP + FP + FN): algebraically 2PR / (P + R), with one rounding
        // instead of four, and 0 exactly when TP = 0 (where P + R is 0 or P·R is 0).
        return BinaryMetrics(
            accuracy: Double(truePositives + trueNegatives) / Double(count),
            precision: zeroSafeRatio(truePositives, truePositives + falsePositives),
            recall: zeroSafeRatio(truePositives, truePositives + falseNegatives),
            f1: zeroSafeRatio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
            rocAUC: scores.flatMap { mannWhitneyAUC(labels: labels, scores: $0) },
            logLoss: scores.flatMap { meanLogLoss(labels: labels, scores: $0) },
            count: count
        )
    }
}

/// `numerator / denominator`, or 0 when the denominator is 0 (the metrics' "0/0 is 0" rule).
func zeroSafeRatio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
}
