/// How a reference version maps a model's scores to probabilities for estimated performance:
/// fitted once when the reference is prepared, stored with its ``ReferenceProfile``, so a new
/// reference version refits it.
///
/// NannyML's CBPE skips calibration when the reference has only one class or when its scores already
/// separate the classes almost perfectly (ROC AUC > 0.999): isotonic regression would then map every
/// score to 0 or 1. The scores are used as they are in those cases (STATISTICS.md, "Estimated
/// performance without labels").
public enum ScoreCalibration: Sendable, Codable, Equatable {
    /// Scores are mapped through a fitted isotonic regression.
    case isotonic(IsotonicCalibration)
    /// Scores are used as they are (clamped to [0, 1]), for the reason given.
    case identity(IdentityReason)

    /// Why the scores are used uncalibrated.
    public enum IdentityReason: String, Sendable, Codable, Equatable {
        /// Every labelled reference row has the same class.
        case oneClass = "one_class"
        /// The reference's ROC AUC exceeds 0.999.
        case separable
    }

    /// Above this reference ROC AUC the scores are used uncalibrated (NannyML's threshold).
    public static let separableAUC = 0.999

    /// Fits the calibration of a reference's scores and labels, or decides to skip it.
    ///
    /// - Parameters:
    ///   - scores: each reference row's score (NaN where it has none).
    ///   - labels: each row's class, `true` for the positive class, nil where the row has no label.
    /// - Returns: nil when no row has both a finite score and a label.
    /// - Precondition: `scores.count == labels.count`.
    public static func fit(scores: [Double], labels: [Bool?]) -> ScoreCalibration? {
        precondition(scores.count == labels.count, "one label per score")
        var usedScores: [Double] = []
        var usedLabels: [Bool] = []
        for (score, label) in zip(scores, labels) {
            guard let label, score.isFinite else { continue }
            usedScores.append(score)
            usedLabels.append(label)
        }
        guard !usedScores.isEmpty else { return nil }
        guard usedLabels.contains(true), usedLabels.contains(false) else { return .identity(.oneClass) }
        if let auc = mannWhitneyAUC(labels: usedLabels, scores: usedScores), auc > separableAUC {
            return .identity(.separable)
        }
        return IsotonicCalibration.fit(scores: usedScores, labels: usedLabels).map(ScoreCalibration.isotonic)
    }

    /// The calibrated probability of `score`; NaN stays NaN.
    public func callAsFunction(_ score: Double) -> Double {
        switch self {
        case .isotonic(let calibration): calibration(score)
        case .identity: score.isNaN ? score : min(max(score, 0), 1)
        }
    }
}
