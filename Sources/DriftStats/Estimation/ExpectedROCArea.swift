/// The area under a window's expected ROC curve (CBPE; STATISTICS.md, "Estimated performance without
/// labels"), taken either from the rank sum of its probabilities, at a cost independent of the window's
/// size, or by the rounded walk NannyML makes, over every event in order.
///
/// **The rank-sum form.** With the events in descending order of probability p₁ ≥ … ≥ p_m, the expected
/// true positives after k of them are C_k = Σ_{i ≤ k} p_i and the false positives k − C_k; with P = C_m the
/// curve's points are ((k − C_k)/(m − P), C_k/P) and the trapezoids' area is N / (P·(m − P)) where
///
///     N = Σ_k (1 − p_k)·(C_{k−1} + p_k/2) = Σ_{i<k} p_i − Σ_{i<k} p_i·p_k + Σ_k p_k(1 − p_k)/2
///       = R − (P² − Σp²)/2 + (P − Σp²)/2 = R − P(P − 1)/2,
///
/// R = Σ_i p_i·(m − i) = Σ_j j·p_(j) in ascending order (0-based): the rank sum, which
/// ``RankedProbabilities`` keeps exactly as events arrive. Ties do not matter (equal values exchanged
/// leave R unchanged; on the curve their steps are collinear).
///
/// **Against the rounded walk.** STATISTICS.md takes NannyML's curve, whose cumulative sums are rounded
/// to 5 decimals at every event (errors e_k, g_k in C_k and k − C_k, |e|, |g| ≤ 5·10⁻⁶, and in P and m − P).
/// Summing by parts, the rounded numerator differs from N by at most 5·10⁻⁶·(m − P) + 10⁻⁵·P + 5·10⁻¹¹·m
/// and the rounded denominator from P·(m − P) by a relative 5·10⁻⁶·(1/P + 1/(m − P)), so the two areas
/// differ by at most 10⁻⁵/P + 1.5·10⁻⁵/(m − P) (plus terms below 10⁻¹⁰). From ``exactPathMass`` expected
/// positives and negatives on, that is at most 10⁻⁷, a tenth of the specification's 10⁻⁶ tolerance for
/// this metric, and the rank-sum form is used; below it (few events, or nearly all probabilities 0 or 1)
/// the rounded walk is, over the values in order.
public enum ExpectedROCArea {
    /// The fewest expected positives P and negatives m − P for the rank-sum form.
    public static let exactPathMass = 250.0

    /// The area from the rank sum `rankSum` (R in units of 2⁻⁵³ per value), the values' sum `total` (P in
    /// the same units) and their number `count`; nil when P or m − P is 0.
    public static func area(rankSum: UInt128, total: UInt128, count: Int) -> Double? {
        let scale = Double(RankedProbabilities.scale)
        let p = Double(total) / scale
        let negatives = Double(count) - p
        guard p > 0, negatives > 0 else { return nil }
        let numerator = Double(rankSum) / scale - p * (p - 1) / 2
        return Swift.min(Swift.max(numerator / (p * negatives), 0), 1)
    }

    /// Whether the rank-sum form applies to `count` values summing to `total` (units of 2⁻⁵³).
    public static func usesRankSum(total: UInt128, count: Int) -> Bool {
        let p = Double(total) / Double(RankedProbabilities.scale)
        return p >= exactPathMass && Double(count) - p >= exactPathMass
    }
}
