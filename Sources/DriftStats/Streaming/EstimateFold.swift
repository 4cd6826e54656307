/// A window's estimated performance (CBPE; STATISTICS.md, "Estimated performance without labels"),
/// folded event by event in any order with the same result.
///
/// The ROC AUC estimate needs the events in probability order, so the fold keeps one 8-byte word per
/// event: the calibrated probability's bits shifted left by one (a probability is ≥ 0, so its sign bit
/// is free) with the predicted class in the lowest bit. Sorting the words orders the events by
/// probability, then class, whatever order they came in; the expected confusion sums are taken over that
/// order at the end, so they do not depend on the arrival order either.
public struct EstimateFold: Sendable {
    /// The reference version's calibration applied to every score.
    public let calibration: ScoreCalibration
    var words: [UInt64] = []

    /// An empty fold.
    public init(calibration: ScoreCalibration) {
        self.calibration = calibration
    }

    /// Events added.
    public var count: Int { words.count }

    /// Adds one event; one without a usable score (NaN or infinite) is not counted.
    public mutating func add(score: Double, predictedPositive: Bool) {
        guard score.isFinite else { return }
        let p = calibration(score)
        words.append(p.bitPattern << 1 | (predictedPositive ? 1 : 0))
    }

    /// The estimate over the events added; nil when there are none. Sorts the words in place
    /// (O(m log m)), so a later call does not sort again.
    public mutating func estimate() -> EstimatedPerformance? {
        guard !words.isEmpty else { return nil }
        words.sort()
        var tp = 0.0, fp = 0.0, fn = 0.0, tn = 0.0
        for word in words {
            let p = Double(bitPattern: word >> 1)
            if word & 1 == 1 {
                tp += p
                fp += 1 - p
            } else {
                fn += p
                tn += 1 - p
            }
        }
        return EstimatedPerformanceAccumulator.estimate(
            sums: (tp, fp, fn, tn), ascending: words.lazy.map { Double(bitPattern: $0 >> 1) })
    }
}
