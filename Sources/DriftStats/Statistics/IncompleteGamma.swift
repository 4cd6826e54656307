#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
///
/// For x < a + 1 the power series of the lower function P(a, x) converges fast and Q = 1 − P; otherwise
/// the continued fraction for Γ(a, x) (Legendre's, evaluated with the modified Lentz method: Lentz 1976,
/// Applied Optics 15(3); Thompson & Barnett 1986, J. Comput. Phys. 64) gives Q directly with full relative
/// accuracy deep in the tail. The common prefactor xᵃ e⁻ˣ / Γ(a) is formed in logs so that it neither
/// overflows nor loses digits. See Abramowitz & Stegun 6.5.29 and 6.5.31.
enum IncompleteGamma {
    /// Q(a, x) for a > 0, x ≥ 0.
    static func upperRegularized(a: Double, x: Double) -> Double {
        precondition(a > 0, "Q(a, x) needs a > 0")
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        if x < a + 1 {
            return max(0, 1 - lowerSeries(a: a, x: x))
        }
        return upperContinuedFraction(a: a, x: x)
    }

    /// log(xᵃ e⁻ˣ / Γ(a)).
    private static func logPrefactor(a: Double, x: Double) -> Double {
        a * log(x) - x - lgamma(a)
    }

    /// P(a, x) = xᵃ e⁻ˣ / Γ(a+1) · Σₖ xᵏ / ((a+1)…(a+k)).
    private static func lowerSeries(a: Double, x: Double) -> Double {
        var term = 1.0 / a
        var sum = term
        var denominator = a
        for _ in 0..<10_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum * exp(logPrefactor(a: a, x: x))
    }

    /// Q(a, x) = xᵃ e⁻ˣ / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))).
    private static func upperContinuedFraction(a: Double, x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefactor(a: a, x: x)) * fraction
    }
}
