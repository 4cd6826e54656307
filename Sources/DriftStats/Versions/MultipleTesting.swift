/// How the p-values of one window's features are adjusted for testing k features at once
/// (STATISTICS.md, "Multiple testing"; configuration `evaluation.multiple_testing`).
public enum MultipleTesting: String, Sendable, Codable, Equatable, CaseIterable {
    /// No adjustment: `pvalue_adjusted` is not reported.
    case none
    /// Bonferroni: min(1, k·p). Controls the family-wise error rate.
    case bonferroni
    /// Benjamini–Hochberg step-up adjustment (Y. Benjamini and Y. Hochberg, "Controlling the false
    /// discovery rate: a practical and powerful approach to multiple testing", JRSS B 57, 1995).
    /// Controls the false discovery rate.
    case bh

    /// The adjusted p-values, in the order given; `pvalues` unchanged for ``none``.
    ///
    /// - ``bonferroni``: min(1, k·p).
    /// - ``bh``: with p₍₁₎ ≤ … ≤ p₍ₖ₎ sorted ascending, p̃₍ᵢ₎ = min over j ≥ i of min(1, k·p₍ⱼ₎/j) — a running
    ///   minimum from the largest p down, so the adjusted values keep the order of the raw ones. Computed
    ///   as p·(k/j) like `scipy.stats.false_discovery_control(p, method="bh")`, so the two agree to the
    ///   last bit. Ties get equal adjusted values whatever their order.
    ///
    /// - Precondition: every p-value is in [0, 1] (NaN is refused).
    public func adjust(_ pvalues: [Double]) -> [Double] {
        precondition(pvalues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values lie in [0, 1]")
        let k = pvalues.count
        switch self {
        case .none:
            return pvalues
        case .bonferroni:
            return pvalues.map { min(1, Double(k) * $0) }
        case .bh:
            let order = pvalues.indices.sorted { (pvalues[$0], $0) < (pvalues[$1], $1) }
            var adjusted = [Double](repeating: 0, count: k)
            var running = Double.infinity
            for rank in stride(from: k, through: 1, by: -1) {
                let index = order[rank - 1]
                running = min(running, pvalues[index] * (Double(k) / Double(rank)))
                adjusted[index] = min(1, running)
            }
            return adjusted
        }
    }
}
