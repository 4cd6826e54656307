/// Two-sided p-value of the two-sample Kolmogorov–Smirnov statistic `statistic` for sample
/// sizes `n` and `m`, matching `scipy.stats.ks_2samp(method="auto")`.
///
/// - When max(n, m) ≤ 10000 the exact lattice-path probability is used (see `KSExact`):
///   with g = gcd(n, m), L = lcm(n, m) and h = round(D·L) (round half to even), p = 1 when
///   h = 0; otherwise the equal-size closed form or the Hodges (1958) inside-method
///   recursion. If that computation fails numerically (non-finite or outside [0, 1]) the
///   rounded statistic h / L is passed to the asymptotic branch instead.
/// - Otherwise p = P(D_N ≥ D) for the one-sample Kolmogorov distribution with
///   N = round(n·m / (n + m)) (see `KolmogorovDistribution.survival`).
///
/// The result is clipped to [0, 1]. A NaN statistic yields a NaN p-value. Both sizes must
/// be positive.
func ksTwoSamplePValue(statistic: Double, n: Int, m: Int) -> (pvalue: Double, method: KSMethod) {
    precondition(n > 0 && m > 0, "sample sizes must be positive")
    guard !statistic.isNaN else { return (Double.nan, .asymptotic) }
    var d = min(max(statistic, 0), 1)

    if max(n, m) <= KSExact.maximumExactSize {
        let g = KSExact.greatestCommonDivisor(n, m)
        let lcm = (n / g) * m
        let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
        d = Double(h) / Double(lcm)
        if h == 0 {
            return (1.0, .exact)
        }
        let p = KSExact.twoSidedPValue(n: n, m: m, g: g, h: h)
        if p.isFinite && p >= 0 && p <= 1 {
            return (p, .exact)
        }
    }

    let larger = Double(max(n, m))
    let smaller = Double(min(n, m))
    let effective = (larger * smaller / (larger + smaller)).rounded(.toNearestOrEven)
    let p = KolmogorovDistribution.survival(n: Int(effective), x: d)
    return (min(max(p, 0), 1), .asymptotic)
}
