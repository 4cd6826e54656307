#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A window's realised performance (STATISTICS.md, "Performance metrics"), folded row by row over the
/// rows with both a label and a prediction, in any order: the result is the same as
/// ``BinaryMetrics/compute(labels:predictions:scores:)``, ``MulticlassMetrics/compute(labels:predictions:)``
/// or ``RegressionMetrics/compute(labels:predictions:)`` over those rows.
///
/// The state is counts and correctly rounded sums (``ExactSum``), except for the binary ROC AUC, which
/// needs the scores in order: it keeps one score and one label per labelled row (9 bytes).
public struct PerformanceFold: Sendable {
    enum State: Sendable {
        case binary(BinaryFold)
        case multiclass(MulticlassTally)
        case regression(RegressionTally)
    }

    var state: State

    /// An empty fold for `task`.
    public init(task: PerformanceMetrics.Task) {
        switch task {
        case .binary: state = .binary(BinaryFold())
        case .multiclass: state = .multiclass(MulticlassTally())
        case .regression: state = .regression(RegressionTally())
        }
    }

    /// Adds a binary row. `score` is the row's probability of the positive class (NaN when absent: ROC
    /// AUC and log loss are then left out for the whole window). Ignored by the other tasks.
    public mutating func addBinary(label: Bool, prediction: Bool, score: Double) {
        guard case .binary(var fold) = state else { return }
        state = .multiclass(MulticlassTally())
        fold.add(label: label, prediction: prediction, score: score)
        state = .binary(fold)
    }

    /// Removes a binary row added before (its label changed).
    public mutating func removeBinary(label: Bool, prediction: Bool, score: Double) {
        guard case .binary(var fold) = state else { return }
        state = .multiclass(MulticlassTally())
        fold.remove(label: label, prediction: prediction, score: score)
        state = .binary(fold)
    }

    /// Removes a multiclass row added before.
    public mutating func removeMulticlass(label: String, prediction: String) {
        guard case .multiclass(var fold) = state else { return }
        fold.remove(label: label, prediction: prediction)
        state = .multiclass(fold)
    }

    /// Removes a regression row added before.
    public mutating func removeRegression(label: Double, prediction: Double) {
        guard case .regression(var fold) = state else { return }
        fold.remove(label: label, prediction: prediction)
        state = .regression(fold)
    }

    /// Adds a multiclass row, classes by name. Ignored by the other tasks.
    public mutating func addMulticlass(label: String, prediction: String) {
        guard case .multiclass(var fold) = state else { return }
        fold.add(label: label, prediction: prediction)
        state = .multiclass(fold)
    }

    /// Adds a regression row (both values finite). Ignored by the other tasks.
    public mutating func addRegression(label: Double, prediction: Double) {
        guard case .regression(var fold) = state else { return }
        fold.add(label: label, prediction: prediction)
        state = .regression(fold)
    }

    /// The metrics over the rows added; nil when there are none.
    public var metrics: PerformanceMetrics? {
        switch state {
        case .binary(let fold): fold.metrics.map { .binary($0) }
        case .multiclass(let fold): fold.metrics.map { .multiclass($0) }
        case .regression(let fold): fold.metrics.map { .regression($0) }
        }
    }
}

/// Binary counts, the log-loss sum and the (score, label) column for ROC AUC, with the rows removed
/// since (label changes) kept aside until the metrics are taken.
struct BinaryFold: Sendable {
    var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
    /// Rows without a score: while there are any, ROC AUC and log loss are left out.
    var unscored = 0
    var logLoss = ExactSum()
    var scores: [Double] = []
    var labels: [Bool] = []
    var removed: [Double: (positives: Int, negatives: Int)] = [:]

    mutating func add(label: Bool, prediction: Bool, score: Double) {
        count(label: label, prediction: prediction, by: 1)
        if score.isNaN {
            unscored += 1
            return
        }
        logLoss.add(Self.loss(label: label, score: score))
        scores.append(score)
        labels.append(label)
    }

    mutating func remove(label: Bool, prediction: Bool, score: Double) {
        count(label: label, prediction: prediction, by: -1)
        if score.isNaN {
            unscored -= 1
            return
        }
        logLoss.add(-Self.loss(label: label, score: score))
        if label { removed[score, default: (0, 0)].positives += 1 } else { removed[score, default: (0, 0)].negatives += 1 }
    }

    private mutating func count(label: Bool, prediction: Bool, by step: Int) {
        switch (label, prediction) {
        case (true, true): truePositives += step
        case (false, true): falsePositives += step
        case (true, false): falseNegatives += step
        case (false, false): trueNegatives += step
        }
    }

    /// One row's cross-entropy, as ``meanLogLoss(labels:scores:)`` computes it.
    private static func loss(label: Bool, score: Double) -> Double {
        let p = Swift.min(Swift.max(score, logLossClip), 1 - logLossClip)
        return label ? -log(p) : -log1p(-p)
    }

    var metrics: BinaryMetrics? {
        let count = truePositives + falsePositives + falseNegatives + trueNegatives
        guard count > 0 else { return nil }
        let scored = unscored == 0
        return BinaryMetrics(
            accuracy: Double(truePositives + trueNegatives) / Double(count),
            precision: zeroSafeRatio(truePositives, truePositives + falsePositives),
            recall: zeroSafeRatio(truePositives, truePositives + falseNegatives),
            f1: zeroSafeRatio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
            rocAUC: scored ? rocAUC() : nil, logLoss: scored ? logLoss.value / Double(count) : nil, count: count)
    }

    /// ROC AUC over the column less the removed rows.
    private func rocAUC() -> Double? {
        guard !removed.isEmpty else { return mannWhitneyAUC(labels: labels, scores: scores) }
        var pending = removed
        var keptScores: [Double] = []
        var keptLabels: [Bool] = []
        for (score, label) in zip(scores, labels) {
            if let left = pending[score], label ? left.positives > 0 : left.negatives > 0 {
                pending[score] = label ? (left.positives - 1, left.negatives) : (left.positives, left.negatives - 1)
                continue
            }
            keptScores.append(score)
            keptLabels.append(label)
        }
        return mannWhitneyAUC(labels: keptLabels, scores: keptScores)
    }
}

/// The four correctly rounded error sums of ``RegressionMetrics``, over rows in any order.
struct RegressionTally: Sendable {
    var absolute = ExactSum(), squared = ExactSum(), percentage = ExactSum(), signed = ExactSum()
    var count = 0

    /// Counts one row.
    mutating func add(label y: Double, prediction: Double) {
        let error = prediction - y
        absolute.add(abs(error))
        squared.add(error * error)
        percentage.add(abs(error) / Swift.max(abs(y), RegressionMetrics.mapeEpsilon))
        signed.add(error)
        count += 1
    }

    /// Removes a row counted before: its terms are subtracted exactly.
    mutating func remove(label y: Double, prediction: Double) {
        let error = prediction - y
        absolute.add(-abs(error))
        squared.add(-(error * error))
        percentage.add(-(abs(error) / Swift.max(abs(y), RegressionMetrics.mapeEpsilon)))
        signed.add(-error)
        count -= 1
    }

    /// The metrics of the rows counted; nil when there are none.
    var metrics: RegressionMetrics? {
        guard count > 0 else { return nil }
        let n = Double(count)
        return RegressionMetrics(
            mae: absolute.value / n, rmse: (squared.value / n).squareRoot(), mape: percentage.value / n,
            bias: signed.value / n, count: count)
    }
}
