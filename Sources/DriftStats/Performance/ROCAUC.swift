/// Area under the ROC curve of `scores` for the binary `labels`, as the normalised Mann–Whitney U
/// statistic.
///
/// U counts the (positive, negative) pairs in which the positive has the higher score, a tie
/// counting ½; AUC = U / (n₊·n₋) (Mann & Whitney 1947, "On a test of whether one of two random
/// variables is stochastically larger than the other", Ann. Math. Statist. 18; Hanley & McNeil
/// 1982, "The meaning and use of the area under a receiver operating characteristic (ROC) curve",
/// Radiology 143, show that this is the ROC area). This equals the rank-sum form
/// U = R₊ − n₊(n₊+1)/2 with average ranks for ties, and `sklearn.metrics.roc_auc_score`.
///
/// The positives' and the negatives' scores are sorted separately (O(n log n); two plain `Double`
/// sorts are cheaper than one sort of (score, label) pairs), then one merge walk over the groups of
/// equal scores counts 2U exactly in integers, so the only rounding is the final division.
///
/// - Returns: `nil` when either class is absent or a score is NaN.
/// - Precondition: `labels.count == scores.count`.
func mannWhitneyAUC(labels: [Bool], scores: [Double]) -> Double? {
    precondition(labels.count == scores.count, "mannWhitneyAUC: \(labels.count) labels but \(scores.count) scores")
    var positives: [Double] = [], negatives: [Double] = []
    for (label, score) in zip(labels, scores) {
        if score.isNaN { return nil }
        if label { positives.append(score) } else { negatives.append(score) }
    }
    guard !positives.isEmpty, !negatives.isEmpty else { return nil }
    positives.sort()
    negatives.sort()

    // For each group of equal positive scores s: each positive beats the negatives below s
    // (weight 1, counted twice in 2U) and ties with the negatives equal to s (weight ½, once).
    var twiceU = 0
    var below = 0  // negatives[0..<below] are < s
    var start = 0
    while start < positives.count {
        let score = positives[start]
        var end = start + 1
        while end < positives.count && positives[end] == score { end += 1 }
        while below < negatives.count && negatives[below] < score { below += 1 }
        var equal = below
        while equal < negatives.count && negatives[equal] == score { equal += 1 }
        twiceU += (end - start) * (2 * below + (equal - below))
        start = end
    }
    return Double(twiceU) / (2 * Double(positives.count) * Double(negatives.count))
}
