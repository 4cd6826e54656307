#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The smallest probability the log loss uses: scores are clipped to
/// [`logLossClip`, 1 − `logLossClip`] so that a confident wrong score costs about 34.5, not ∞.
let logLossClip = 1e-15

/// Mean binary cross-entropy −[y ln p + (1 − y) ln(1 − p)] of the scores (probabilities of the
/// positive class), with p clipped to [1e-15, 1 − 1e-15] as STATISTICS.md prescribes.
///
/// ln(1 − p) is evaluated as `log1p(-p)`, which is exact where `1 - p` would round (p < ½) and
/// identical where it would not. The terms are summed with a correctly rounded sum, so the
/// result does not depend on the order of the rows.
///
/// - Returns: `nil` when the input is empty or a score is NaN.
/// - Precondition: `labels.count == scores.count`.
func meanLogLoss(labels: [Bool], scores: [Double]) -> Double? {
    precondition(labels.count == scores.count, "meanLogLoss: \(labels.count) labels but \(scores.count) scores")
    guard !labels.isEmpty else { return nil }
    var sum = ExactSum()
    for (label, score) in zip(labels, scores) {
        if score.isNaN { return nil }
        let p = Swift.min(Swift.max(score, logLossClip), 1 - logLossClip)
        sum.add(label ? -log(p) : -log1p(-p))
    }
    return sum.value / Double(labels.count)
}
