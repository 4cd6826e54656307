/// Folds a window's events, one at a time or in merged parts, into its ``EstimatedPerformance``
/// (CBPE; STATISTICS.md, "Estimated performance without labels"): an ``EstimateFold``, whose result does
/// not depend on the order or grouping of the events.
///
/// Ordering by the calibrated probability instead of the raw score gives the same ROC curve: the
/// calibration is non-decreasing, so the two orders differ only among events of equal probability, whose
/// steps on the curve are equal vectors and so collinear.
public struct EstimatedPerformanceAccumulator: Sendable {
    private var fold: EstimateFold

    /// The reference version's calibration applied to every score.
    public var calibration: ScoreCalibration { fold.calibration }

    /// An empty accumulator.
    /// - Parameters:
    ///   - calibration: the reference version's calibration.
    ///   - capacity: the expected number of events, reserved up front.
    public init(calibration: ScoreCalibration, capacity: Int = 0) {
        fold = EstimateFold(calibration: calibration)
        fold.pending.reserveCapacity(capacity)
    }

    /// Number of events added.
    public var count: Int { fold.count }

    /// Adds one event. An event without a usable score (NaN or infinite) is not counted.
    /// - Parameters:
    ///   - score: the model's score, its probability of the positive class before calibration.
    ///   - predictedPositive: whether the model predicted the positive class.
    public mutating func add(score: Double, predictedPositive: Bool) {
        fold.add(score: score, predictedPositive: predictedPositive)
    }

    /// Adds every event of `other`, which must use the same calibration.
    /// - Precondition: `other.calibration == calibration`.
    public mutating func merge(_ other: EstimatedPerformanceAccumulator) {
        precondition(other.calibration == calibration, "merging estimates of different calibrations")
        fold.merge(other.fold)
    }

    /// The estimate over the events added; nil when there are none.
    public func estimate() -> EstimatedPerformance? {
        var fold = fold
        return fold.estimate()
    }

    /// The estimate from the four expected confusion sums over `count` events and the ROC AUC estimate.
    static func estimate(
        sums: (tp: Double, fp: Double, fn: Double, tn: Double), count m: Int, rocAUC: Double?
    ) -> EstimatedPerformance {
        func ratio(_ numerator: Double, _ denominator: Double) -> Double {
            denominator > 0 ? numerator / denominator : 0
        }
        let (tp, fp, fn, tn) = sums
        return EstimatedPerformance(
            accuracy: (tp + tn) / Double(m),
            precision: ratio(tp, tp + fp),
            recall: ratio(tp, tp + fn),
            f1: ratio(tp, tp + (fp + fn) / 2),
            rocAUC: rocAUC, count: m)
    }

    /// The area under the expected ROC curve, as NannyML 0.13.1's `estimate_roc_auc` computes it (the
    /// rounded walk; ``ExpectedROCArea`` says when the rank sum replaces it).
    ///
    /// Events in descending order of probability; after the k-th, the expected true positives are
    /// TP_k = Σ_{i ≤ k} p̂_(i) and the false positives FP_k = k − TP_k, both starting from 0 and rounded
    /// to 5 decimals as NannyML rounds them (so that sums that should be equal compare equal); the
    /// curve is (FP_k / FP_m, TP_k / TP_m) and its area is taken by the trapezoidal rule.
    ///
    /// - Returns: nil when TP_m or FP_m is 0 (every probability 0, or every one 1).
    static func expectedROCAUC<Ascending: BidirectionalCollection<Double>>(ascending: Ascending) -> Double? {
        // Ascending with the standard comparison (the fastest sort), walked from the end.
        let sorted = ascending.reversed()
        let total = sorted.reduce(0, +)
        let totalTP = rounded5(total)
        let totalFP = rounded5(Double(sorted.count) - total)
        guard totalTP > 0, totalFP > 0 else { return nil }
        var cumulative = 0.0
        var previousTPR = 0.0, previousFPR = 0.0
        var area = 0.0
        for (index, p) in sorted.enumerated() {
            cumulative += p
            let tpr = rounded5(cumulative) / totalTP
            let fpr = rounded5(Double(index + 1) - cumulative) / totalFP
            area += (fpr - previousFPR) * (tpr + previousTPR) / 2
            previousTPR = tpr
            previousFPR = fpr
        }
        return area
    }

    /// `value` rounded to 5 decimals, half to even, like `numpy.round(value, 5)`
    /// (which scales by 10⁵, rounds to an integer and scales back).
    private static func rounded5(_ value: Double) -> Double {
        (value * 1e5).rounded(.toNearestOrEven) / 1e5
    }
}
