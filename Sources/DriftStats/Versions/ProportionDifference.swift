/// The difference between two independent proportions x_B/n_B − x_A/n_A (version B against version A)
/// with its 95% interval and test (STATISTICS.md, "Comparing two versions").
public struct ProportionDifference: Sendable, Equatable {
    /// d = x_B/n_B − x_A/n_A.
    public var estimate: Double
    /// Newcombe's hybrid score interval (Newcombe 1998, method 10).
    public var lower: Double
    public var upper: Double
    /// The pooled two-proportion z-test's two-sided p-value.
    public var pvalue: Double

    /// Compares `successesB` of `totalB` with `successesA` of `totalA`; nil when either total is 0.
    ///
    /// - The interval is Newcombe's hybrid score interval for a difference of independent proportions
    ///   (R. G. Newcombe, "Interval estimation for the difference between independent proportions:
    ///   comparison of eleven methods", Statistics in Medicine 17, 1998, method 10): with the Wilson
    ///   score limits (l, u) of each proportion, lower = d − √((p_B − l_B)² + (u_A − p_A)²) and
    ///   upper = d + √((u_B − p_B)² + (p_A − l_A)²). Equals statsmodels
    ///   `confint_proportions_2indep(x_B, n_B, x_A, n_A, method="newcomb", compare="diff")`.
    /// - The p-value is the pooled z-test: p̂ = (x_A + x_B)/(n_A + n_B),
    ///   z = d / √(p̂(1 − p̂)(1/n_A + 1/n_B)), p = 2(1 − Φ(|z|)), and 1 when p̂ is 0 or 1 (no variance).
    ///   Equals statsmodels `proportions_ztest([x_B, x_A], [n_B, n_A])`.
    public init?(successesA: Int, totalA: Int, successesB: Int, totalB: Int) {
        guard totalA > 0, totalB > 0, (0...totalA).contains(successesA), (0...totalB).contains(successesB) else {
            return nil
        }
        let pA = Double(successesA) / Double(totalA)
        let pB = Double(successesB) / Double(totalB)
        let d = pB - pA
        let wilsonA = WilsonInterval(successes: successesA, total: totalA)
        let wilsonB = WilsonInterval(successes: successesB, total: totalB)
        func hypot2(_ x: Double, _ y: Double) -> Double { (x * x + y * y).squareRoot() }
        estimate = d
        lower = d - hypot2(pB - wilsonB.lower, wilsonA.upper - pA)
        upper = d + hypot2(wilsonB.upper - pB, pA - wilsonA.lower)

        let pooled = Double(successesA + successesB) / Double(totalA + totalB)
        if pooled <= 0 || pooled >= 1 {
            pvalue = 1
        } else {
            let standardError = (pooled * (1 - pooled) * (1 / Double(totalA) + 1 / Double(totalB))).squareRoot()
            pvalue = NormalDistribution.twoSidedPValue(d / standardError)
        }
    }
}

/// The Wilson score interval of one proportion at 95% (E. B. Wilson, "Probable inference, the law of
/// succession, and statistical inference", JASA 22, 1927), written as statsmodels'
/// `proportion_confint(x, n, method="wilson")` writes it.
public struct WilsonInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    /// - Precondition: `total > 0` and `0 ≤ successes ≤ total`.
    public init(successes: Int, total: Int, z: Double = NormalDistribution.z975) {
        precondition(total > 0 && (0...total).contains(successes), "a proportion needs 0 ≤ x ≤ n, n > 0")
        let n = Double(total)
        let q = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (q + z2 / (2 * n)) / denominator
        let halfWidth = z * (q * (1 - q) / n + z2 / (4 * n * n)).squareRoot() / denominator
        lower = center - halfWidth
        upper = center + halfWidth
    }
}
