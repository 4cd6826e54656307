#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution, for Welch's test (``MeanDifference``).
enum StudentT {
    /// P(|T| ≥ |t|) with `degrees` degrees of freedom: I_{ν/(ν+t²)}(ν/2, ½), the regularised incomplete
    /// beta function (Abramowitz & Stegun 26.7.1).
    ///
    /// Two numerical choices keep the relative error near 1e-14 where it matters:
    /// - x = ν/(ν + t²) is within rounding of 1 for large ν, where log x would lose every digit that ν then
    ///   multiplies; so log x = −log1p(t²/ν) and log(1 − x) = log(t²/(ν + t²)) are passed in exactly.
    /// - The continued fraction for I_x(ν/2, ½) cancels in its first terms when x is near 1 (relative error
    ///   about 1e-16·ν/(1 + t²): 4e-8 at ν = 1e9, t = 1.96). When p is not small, p = 1 − I_{1−x}(½, ν/2)
    ///   is used instead, whose fraction is well conditioned there and whose subtraction loses little
    ///   (p ≥ 0.01); the direct form serves the small p-values, where t is large and the error small.
    static func twoSidedPValue(_ t: Double, degrees: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        guard t != 0 else { return 1 }
        let t2 = t * t
        let ratio = t2 / degrees
        let x = 1 / (1 + ratio)
        let y = ratio / (1 + ratio)
        let logX = -log1p(ratio)
        let logY = log(t2) - log(degrees + t2)
        // Near the fraction's fast-convergence region for (½, ν/2) at y, the upper form converges in a few
        // dozen terms.
        if y < 4 * 1.5 / (degrees / 2 + 2.5) {
            let upper = 1 - IncompleteBeta.lowerByFraction(a: 0.5, b: degrees / 2, x: y, logX: logY, logComplement: logX)
            if upper >= 0.01 { return min(1, upper) }
        }
        return min(
            1,
            IncompleteBeta.regularized(
                a: degrees / 2, b: 0.5, x: x, complement: y, logX: logX, logComplement: logY))
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
        return regularized(a: a, b: b, x: x, complement: 1 - x, logX: log(x), logComplement: log1p(-x))
    }

    /// I_x(a, b) with x, 1 − x and their logarithms given by the caller, who may know them more
    /// accurately than they can be recomputed from x.
    static func regularized(
        a: Double, b: Double, x: Double, complement: Double, logX: Double, logComplement: Double
    ) -> Double {
        if x <= 0 { return 0 }
        if complement <= 0 { return 1 }
        let logPrefactor = a * logX + b * logComplement - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logPrefactor) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logPrefactor) * continuedFraction(a: b, b: a, x: complement) / b
    }

    /// I_x(a, b) by the continued fraction at x itself, whatever x: the caller knows it converges.
    static func lowerByFraction(a: Double, b: Double, x: Double, logX: Double, logComplement: Double) -> Double {
        exp(a * logX + b * logComplement - logBeta(a, b)) * continuedFraction(a: a, b: b, x: x) / a
    }

    /// log B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b). When the larger argument is big, lnΓ of it and of the
    /// sum are huge and nearly equal, and their difference would lose the digits the p-value needs; it is
    /// then formed from Stirling's series, whose leading terms cancel analytically:
    /// lnΓ(p + q) − lnΓ(p) = (p − ½)·log1p(q/p) + q·log(p + q) − q + c(p + q) − c(p), with
    /// c(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷), whose first omitted term 1/(1188z⁹) is below
    /// 1e-20 for z ≥ 100; below that, lnΓ is small enough to subtract directly.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = max(a, b)
        let q = min(a, b)
        guard p >= 100 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
        func correction(_ z: Double) -> Double {
            let z2 = z * z
            return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z
        }
        let logRatio = (p - 0.5) * log1p(q / p) + q * log(p + q) - q + correction(p + q) - correction(p)
        return lgamma(q) - logRatio
    }

    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
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
