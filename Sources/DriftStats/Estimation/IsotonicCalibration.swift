/// A non-decreasing, piecewise-linear map from a model's score to the probability that the event is
/// positive, fitted by isotonic regression of a reference's labels on its scores
/// (STATISTICS.md, "Estimated performance without labels").
///
/// Fitting is the pool-adjacent-violators algorithm (Ayer, Brunk, Ewing, Reid & Silverman 1955,
/// "An empirical distribution function for sampling with incomplete information", Ann. Math.
/// Statist. 26; Barlow, Bartholomew, Bremner & Brunk 1972, "Statistical inference under order
/// restrictions", ch. 1): equal scores are first pooled into one point (mean label, weight = count),
/// then adjacent blocks whose means decrease are merged into their weighted mean until the sequence
/// is non-decreasing. A score is mapped by linear interpolation between the fitted points and clipped
/// to the fitted range outside them — scikit-learn's `IsotonicRegression(out_of_bounds="clip")`,
/// which NannyML's CBPE uses as its calibrator.
public struct IsotonicCalibration: Sendable, Codable, Equatable {
    /// The distinct scores of the fitted points, ascending.
    public var thresholds: [Double]
    /// The fitted probability at each threshold, non-decreasing, in [0, 1].
    public var values: [Double]

    /// Creates a calibration from fitted points (use ``fit(scores:labels:)`` to fit one).
    /// - Precondition: as many values as thresholds, at least one.
    public init(thresholds: [Double], values: [Double]) {
        precondition(thresholds.count == values.count && !thresholds.isEmpty, "one value per threshold")
        self.thresholds = thresholds
        self.values = values
    }

    /// Fits the calibration by pool-adjacent-violators.
    ///
    /// Rows whose score is not finite are left out. Interior points of a run of equal fitted values are
    /// dropped (they change no interpolated value), so the stored points are at most the number of
    /// distinct scores and usually far fewer.
    ///
    /// - Parameters:
    ///   - scores: each row's score.
    ///   - labels: each row's class, `true` for the positive class.
    /// - Returns: nil when no row has a finite score.
    /// - Precondition: `scores.count == labels.count`.
    public static func fit(scores: [Double], labels: [Bool]) -> IsotonicCalibration? {
        precondition(scores.count == labels.count, "one label per score")
        var rows: [(score: Double, positive: Bool)] = []
        rows.reserveCapacity(scores.count)
        for (score, label) in zip(scores, labels) where score.isFinite { rows.append((score, label)) }
        guard !rows.isEmpty else { return nil }
        rows.sort { $0.score < $1.score }

        // Blocks of the PAV stack: each holds its weighted label sum, weight and the distinct scores it pooled.
        var sums: [Double] = []
        var weights: [Double] = []
        var firstScore: [Int] = []  // index into `distinct` of the block's first score
        var distinct: [Double] = []
        var index = 0
        while index < rows.count {
            let score = rows[index].score
            var positives = 0
            var count = 0
            while index < rows.count && rows[index].score == score {
                if rows[index].positive { positives += 1 }
                count += 1
                index += 1
            }
            distinct.append(score)
            sums.append(Double(positives))
            weights.append(Double(count))
            firstScore.append(distinct.count - 1)
            // Merge while the previous block's mean exceeds the last one's — or equals it: pooling equal
            // means changes no fitted value and leaves one block per flat run (compared as cross products,
            // so that no division rounds the comparison).
            while sums.count > 1, sums[sums.count - 2] * weights[weights.count - 1]
                >= sums[sums.count - 1] * weights[weights.count - 2]
            {
                let sum = sums.removeLast(), weight = weights.removeLast()
                firstScore.removeLast()
                sums[sums.count - 1] += sum
                weights[weights.count - 1] += weight
            }
        }

        // Expand the blocks to one point per distinct score, keeping only the ends of each block.
        var thresholds: [Double] = []
        var values: [Double] = []
        for block in sums.indices {
            let value = sums[block] / weights[block]
            let first = firstScore[block]
            let last = block + 1 < sums.count ? firstScore[block + 1] - 1 : distinct.count - 1
            thresholds.append(distinct[first])
            values.append(value)
            if last > first {
                thresholds.append(distinct[last])
                values.append(value)
            }
        }
        return IsotonicCalibration(thresholds: thresholds, values: values)
    }

    /// The calibrated probability of `score`: linear interpolation between the fitted points, the end
    /// values outside them. NaN stays NaN.
    public func callAsFunction(_ score: Double) -> Double {
        guard !score.isNaN else { return .nan }
        if score <= thresholds[0] { return values[0] }
        let lastIndex = thresholds.count - 1
        if score >= thresholds[lastIndex] { return values[lastIndex] }
        // First threshold greater than the score; 1 ≤ upper ≤ lastIndex.
        var low = 0, high = lastIndex
        while high - low > 1 {
            let middle = (low + high) / 2
            if thresholds[middle] <= score { low = middle } else { high = middle }
        }
        let x0 = thresholds[low], x1 = thresholds[high]
        let y0 = values[low], y1 = values[high]
        // numpy.interp's form, which scikit-learn's interp1d matches to rounding.
        return y0 + (score - x0) * ((y1 - y0) / (x1 - x0))
    }
}
