#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-sample two-sided Kolmogorov–Smirnov distribution of
/// D_n = sup_x |F_n(x) − F(x)| for a finite sample size n (SciPy's `kstwo`).
///
/// The survival function selects between exact and approximate methods as proposed by
/// Simard & L'Ecuyer (2011), "Computing the two-sided Kolmogorov–Smirnov distribution",
/// J. Stat. Softw. 39(11), with the same cut-offs SciPy uses in `scipy.stats._ksstats`:
/// - Ruben–Gambino closed forms for n·x ≤ 1 and n·x ≥ n − 1;
/// - twice the exact one-sided Smirnov tail (Birnbaum & Tingey 1951) for x ≥ 0.5 and in
///   the upper tail (n·x² ≥ 2.2 for n > 140, n·x² > 4 for n ≤ 140), where the two one-sided
///   events are (almost) disjoint;
/// - the Durbin matrix method (Marsaglia, Tsang & Wang 2003, J. Stat. Softw. 8(18)) for
///   small n·x;
/// - the Pomeranz (1974) recursion for n ≤ 140 and 0.754693 < n·x² ≤ 4;
/// - the Pelz & Good (1976) asymptotic series otherwise.
enum KolmogorovDistribution {
    /// Sample sizes up to this use the small-n choices of Simard & L'Ecuyer.
    static let smallSampleLimit = 140
    /// Largest n for which the Durbin matrix method is used when n > 140.
    static let durbinSampleLimit = 100_000

    /// P(D_n ≥ x), the survival function of the two-sided statistic, clipped to [0, 1].
    /// Mirrors `scipy.stats.kstwo.sf(x, n)`, including its support [0.5/n, 1].
    static func survival(n: Int, x: Double) -> Double {
        guard n >= 1, !x.isNaN else { return Double.nan }
        let size = Double(n)
        if x <= 0.5 / size { return 1.0 }
        if x >= 1.0 { return 0.0 }
        let t = size * x
        if t <= 1.0 {
            // Ruben & Gambino (1982): P(D_n ≤ x) = n!/n^n · (2nx − 1)^n for 1/(2n) ≤ x ≤ 1/n.
            if t <= 0.5 { return 1.0 }
            let cdf: Double
            if n <= smallSampleLimit {
                var product = 1.0
                let base = 2 * t - 1
                for i in 1...n {
                    product *= Double(i) * (1.0 / size) * base
                }
                cdf = product
            } else {
                cdf = exp(logFactorialOverPower(n) + size * log(2 * t - 1))
            }
            return clipProbability(1.0 - cdf)
        }
        if t >= size - 1 {
            // Ruben & Gambino (1982): P(D_n ≥ x) = 2(1 − x)^n for x ≥ 1 − 1/n.
            return clipProbability(2 * pow(1.0 - x, size))
        }
        if x >= 0.5 {
            // The events D_n⁺ ≥ x and D_n⁻ ≥ x are disjoint for x ≥ 1/2.
            return clipProbability(2 * SmirnovDistribution.survival(n: n, x: x))
        }

        let nxSquared = t * x
        if n <= smallSampleLimit {
            if nxSquared <= 0.754693 {
                let cdf = clipProbability(KolmogorovDurbin.cdf(n: n, x: x))
                return clipProbability(1.0 - cdf)
            }
            if nxSquared <= 4 {
                let cdf = clipProbability(KolmogorovPomeranz.cdf(n: n, x: x))
                return clipProbability(1.0 - cdf)
            }
            return clipProbability(2 * SmirnovDistribution.survival(n: n, x: x))
        }

        if nxSquared >= 370.0 { return 0.0 }
        if nxSquared >= 2.2 {
            return clipProbability(2 * SmirnovDistribution.survival(n: n, x: x))
        }
        let cdf: Double
        if n <= durbinSampleLimit && size * pow(x, 1.5) <= 1.4 {
            cdf = clipProbability(KolmogorovDurbin.cdf(n: n, x: x))
        } else {
            cdf = KolmogorovPelzGood.cdf(n: n, x: x)
        }
        return clipProbability(1.0 - cdf)
    }

    /// log(n! / n^n) from Stirling's series with the n·log n term cancelled analytically:
    /// log(n)/2 − n + log(2π)/2 + Σ_j B_{2j} / (2j(2j − 1) n^{2j−1}), j = 1…8.
    static func logFactorialOverPower(_ n: Int) -> Double {
        // B_{2j} / (2j) / (2j − 1) for j = 8, …, 1 (highest order first).
        let stirling: [Double] = [
            -2.955065359477124183e-2, 6.4102564102564102564e-3,
            -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4,
            -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ]
        let size = Double(n)
        let reciprocal = 1.0 / size
        let u = reciprocal / size
        var series = 0.0
        for coefficient in stirling {
            series = series * u + coefficient
        }
        return log(size) / 2 - size + log(2 * Double.pi) / 2 + reciprocal * series
    }

    /// Clamps a probability to [0, 1]; NaN passes through.
    static func clipProbability(_ p: Double) -> Double {
        if p < 0 { return 0 }
        if p > 1 { return 1 }
        return p
    }
}
