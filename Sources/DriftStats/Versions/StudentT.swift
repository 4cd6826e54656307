#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution, for Welch's test (``MeanDifference``).
enum StudentT {
    /// P(|T| ≥ |t|) with `degrees` degrees of freedom: I_{ν/(ν+t²)}(ν/2, ½), the regularised incomplete
    /// beta function (Abramowitz & Stegun 26.7.1).
    static func twoSidedPValue(_ t: Double, degrees: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        return min(1, IncompleteBeta.regularized(a: degrees / 2, b: 0.5, x: degrees / (degrees + t * t)))
    }

    /// The t with P(|T| ≥ t) = `alpha`: bisection on ``twoSidedPValue(_:degrees:)``, which is monotone in
    /// t, to the last bit of t (at most 2100 halvings; about 60 in practice).
    static func twoSidedCriticalValue(alpha: Double, degrees: Double) -> Double {
        var low = 0.0
        var high = 1.0
        while twoSidedPValue(high, degrees: degrees) > alpha { high *= 2 }
        while true {
            let middle = (low + high) / 2
            guard middle > low, middle < high else { return middle }
            if twoSidedPValue(middle, degrees: degrees) > alpha { low = middle } else { high = middle }
        }
    }
}

/// The regularised incomplete beta function I_x(a, b).
enum IncompleteBeta {
    /// I_x(a, b) by Lentz's evaluation of the continued fraction (Numerical Recipes, 3rd ed., §6.4),
    /// on x or 1 − x, whichever converges fast (x < (a + 1)/(a + b + 2)). The prefactor is formed in
    /// logs, since xᵃ(1 − x)ᵇ/B(a, b) over- or underflows for large a or b.
    static func regularized(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logPrefactor = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logPrefactor) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logPrefactor) * continuedFraction(a: b, b: a, x: 1 - x) / b
    }

    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let md = Double(m)
            let m2 = 2 * md
            var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}

/// The difference of two means by Welch's unequal-variance t-test and interval (B. L. Welch, "The
/// generalization of 'Student's' problem when several different population variances are involved",
/// Biometrika 34, 1947): the regression counterpart of ``ProportionDifference``, applied to absolute
/// errors so that the estimate is MAE_B − MAE_A.
public struct MeanDifference: Sendable, Equatable {
    /// mean(B) − mean(A).
    public var estimate: Double
    /// estimate ∓ t₀.₉₇₅,ν · se, ν the Welch–Satterthwaite degrees of freedom.
    public var lower: Double
    public var upper: Double
    /// Two-sided p-value; equals `scipy.stats.ttest_ind(b, a, equal_var=False).pvalue`.
    public var pvalue: Double

    /// Compares sample `b` with sample `a`; nil when either has fewer than two values (no variance).
    /// When both variances are 0 the difference is exact: p = 1 if it is 0, else 0, with a zero-width
    /// interval.
    public init?(a: [Double], b: [Double]) {
        guard a.count >= 2, b.count >= 2 else { return nil }
        func meanAndVariance(_ x: [Double]) -> (mean: Double, variance: Double) {
            let mean = x.reduce(0, +) / Double(x.count)
            let squares = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return (mean, squares / Double(x.count - 1))
        }
        let (meanA, varianceA) = meanAndVariance(a)
        let (meanB, varianceB) = meanAndVariance(b)
        let va = varianceA / Double(a.count)
        let vb = varianceB / Double(b.count)
        let standardError = (va + vb).squareRoot()
        estimate = meanB - meanA
        guard standardError > 0 else {
            lower = estimate
            upper = estimate
            pvalue = estimate == 0 ? 1 : 0
            return
        }
        let degrees = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        pvalue = StudentT.twoSidedPValue(estimate / standardError, degrees: degrees)
        let critical = StudentT.twoSidedCriticalValue(alpha: 0.05, degrees: degrees)
        lower = estimate - critical * standardError
        upper = estimate + critical * standardError
    }
}
