/// A window's estimated performance (CBPE; STATISTICS.md, "Estimated performance without labels"),
/// folded event by event in any order with the same result, bit for bit.
///
/// Each event's calibrated probability is held as an integer multiple of 2⁻⁵³
/// (``RankedProbabilities/quantised(_:)``): the expected confusion matrix is then exact integer sums, and
/// the ROC AUC estimate comes from the probabilities' rank sum (``ExpectedROCArea``), kept by
/// ``RankedProbabilities`` as events arrive, so taking the estimate costs what arrived since the last one,
/// not the window. Memory: the distinct probabilities with their multiplicities (``RankedProbabilities``;
/// at most about 13.5 bytes per event, a few MB for a window of millions), which the rounded walk for
/// windows of few expected positives or negatives needs in order, and at most ``settleEvery`` pending ones.
public struct EstimateFold: Sendable {
    /// The reference version's calibration applied to every score.
    public let calibration: ScoreCalibration
    /// Probabilities added since the last ``settle()``.
    var pending: [UInt64] = []
    var ranked = RankedProbabilities()
    /// Σ q over the events predicted positive (all of them, pending or not).
    var positiveSum: UInt128 = 0
    var positives = 0
    var negatives = 0

    /// An empty fold.
    public init(calibration: ScoreCalibration) {
        self.calibration = calibration
    }

    /// Events added.
    public var count: Int { positives + negatives }

    /// Adds one event; one without a usable score (NaN or infinite) is not counted.
    public mutating func add(score: Double, predictedPositive: Bool) {
        guard score.isFinite else { return }
        let q = RankedProbabilities.quantised(calibration(score))
        pending.append(q)
        if pending.count >= Self.settleEvery { settle() }
        if predictedPositive {
            positiveSum &+= UInt128(q)
            positives += 1
        } else {
            negatives += 1
        }
    }

    /// Probabilities held unsorted at most: a full pass over millions of events moves them into the ranked
    /// set's runs in batches of this size (the result is the same for any batching).
    static let settleEvery = 65_536

    /// Adds every event of `other`, which must use the same calibration.
    public mutating func merge(_ other: EstimateFold) {
        var other = other
        other.settle()
        pending.append(contentsOf: other.ranked.ascending())
        positiveSum &+= other.positiveSum
        positives += other.positives
        negatives += other.negatives
    }

    /// Moves the pending probabilities into the ranked set (a sort of what arrived since the last call).
    mutating func settle() {
        guard !pending.isEmpty else { return }
        ranked.insert(&pending)
    }

    /// The estimate over the events added; nil when there are none.
    public mutating func estimate() -> EstimatedPerformance? {
        guard count > 0 else { return nil }
        settle()
        let scale = UInt128(RankedProbabilities.scale)
        let total = ranked.total
        let negativeSum = total &- positiveSum
        let unit = Double(RankedProbabilities.scale)
        let sums = (
            tp: Double(positiveSum) / unit, fp: Double(UInt128(positives) &* scale &- positiveSum) / unit,
            fn: Double(negativeSum) / unit, tn: Double(UInt128(negatives) &* scale &- negativeSum) / unit)
        let rocAUC: Double?
        if ExpectedROCArea.usesRankSum(total: total, count: count) {
            rocAUC = ExpectedROCArea.area(rankSum: ranked.rankSum, total: total, count: count)
        } else {
            rocAUC = EstimatedPerformanceAccumulator.expectedROCAUC(
                ascending: ranked.ascending().lazy.map { Double($0) / unit })
        }
        return EstimatedPerformanceAccumulator.estimate(sums: sums, count: count, rocAUC: rocAUC)
    }
}
