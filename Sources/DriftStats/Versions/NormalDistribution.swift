#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution, as far as the version comparison needs it.
public enum NormalDistribution {
    /// Φ⁻¹(0.975), the two-sided 95% critical value: `scipy.stats.norm.ppf(0.975)` to the last digit,
    /// the value statsmodels uses for `alpha = 0.05`. A constant, since no other quantile is needed.
    public static let z975 = 1.959963984540054

    /// The upper tail 1 − Φ(z) = erfc(z/√2)/2. Computed through `erfc` rather than as 1 − Φ(z), which
    /// would cancel catastrophically for large z (scipy's `norm.sf` does the same).
    public static func survival(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// The two-sided p-value 2(1 − Φ(|z|)), at most 1.
    public static func twoSidedPValue(_ z: Double) -> Double {
        min(1, 2 * survival(abs(z)))
    }
}
