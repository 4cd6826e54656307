#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-sided one-sample Kolmogorov–Smirnov (Smirnov) distribution of
/// D_n⁺ = sup_x (F_n(x) − F(x)), as computed by SciPy's `scipy.special.smirnov`.
///
/// The exact upper tail is the Birnbaum & Tingey (1951) sum ("One-sided confidence
/// contours for probability distribution functions", Ann. Math. Statist. 22(4)):
///
///     P(D_n⁺ ≥ x) = x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (1 − x − v/n)^{n−v} (x + v/n)^{v−1}.
///
/// All terms are positive. They are evaluated in logarithms (the binomial coefficient as a
/// mantissa with a separate binary exponent, the powers through log/log1p of exactly
/// reduced arguments) and accumulated relative to a running reference scale, so neither
/// the huge binomials nor the tiny powers overflow or underflow.
enum SmirnovDistribution {
    /// Sample sizes above this use the closed-form approximation exp(−(6nx + 1)²/(18n)),
    /// as SciPy does.
    static let maximumExactSize = 1_000_000
    /// log of the smallest normal double; exp of anything below returns 0 (Cephes MINLOG).
    static let minimumLog = -7.08396418532264106224e2

    /// P(D_n⁺ ≥ x), clipped to [0, 1].
    static func survival(n: Int, x: Double) -> Double {
        guard n > 0, x >= 0.0, x <= 1.0 else { return Double.nan }
        if n == 1 { return 1 - x }
        if x == 0.0 { return 1.0 }
        if x == 1.0 { return 0.0 }

        let size = Double(n)
        // n·x split exactly into an integer part and a fractional part alpha ∈ [0, 1).
        let product = size * x
        let productError = fma(size, x, -product)
        var floorNX = product.rounded(.down)
        var alpha = (product - floorNX) + productError
        if alpha < 0 {
            floorNX -= 1
            alpha += 1
        }
        if alpha >= 1 {
            floorNX += 1
            alpha = 0
        }
        let nxFloor = Int(floorNX)

        // Special case x ≤ 1/n: P(D_n⁺ ≤ x) = x (1 + x)^{n−1}.
        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            let cdf = x * pow(1 + x, size - 1)
            return clip(1 - cdf)
        }
        // The tail underflows.
        if -2 * size * x * x < minimumLog { return 0.0 }
        // Special case x ≥ 1 − 1/n: only the v = 0 term survives.
        if nxFloor >= n - 1 {
            return clip(pow(1 - x, size))
        }
        if n > maximumExactSize {
            let logP = -pow(6.0 * size * x + 1, 2) / 18.0 / size
            if logP < -log(2.0) {
                return clip(exp(logP))
            }
            return clip(1 - (-expm1(logP)))
        }

        // Last index of the lower sum; the term with 1 − x − v/n = 0 is excluded.
        let lastTerm = n - nxFloor - 1
        let termCount = lastTerm + 1
        let epsilon = Double.ulpOfOne
        let ln2 = log(2.0)

        var binomialMantissa = 1.0
        var binomialExponent = 0
        var referenceLog = -Double.infinity
        var sum = 0.0
        var compensation = 0.0

        for v in 0...lastTerm {
            // log of (1 − x − v/n) = (n − v − ⌊nx⌋ − alpha)/n and of (x + v/n).
            let remaining = Double(n - v - nxFloor) - alpha
            let lowerBase = remaining / size
            let logLower = lowerBase >= 0.5
                ? log1p(-(Double(v + nxFloor) + alpha) / size)
                : log(lowerBase)
            let upperBase = (Double(nxFloor + v) + alpha) / size
            let logUpper = upperBase >= 0.5
                ? log1p((Double(nxFloor + v - n) + alpha) / size)
                : log(upperBase)
            let logTerm = log(binomialMantissa) + Double(binomialExponent) * ln2
                + Double(n - v) * logLower + Double(v - 1) * logUpper

            if logTerm > referenceLog {
                let factor = referenceLog == -Double.infinity ? 0.0 : exp(referenceLog - logTerm)
                sum *= factor
                compensation *= factor
                referenceLog = logTerm
            }
            let term = exp(logTerm - referenceLog)
            // Neumaier-compensated accumulation.
            let updated = sum + term
            if abs(sum) >= term {
                compensation += (sum - updated) + term
            } else {
                compensation += (term - updated) + sum
            }
            sum = updated

            // Stop once the remaining terms (which decrease) cannot matter.
            if v != lastTerm && 4 * Double(termCount - v) * term < epsilon * (sum + compensation) {
                break
            }

            // C(n, v + 1) = C(n, v) · (n − v)/(v + 1), renormalised to a mantissa in [0.5, 1).
            let ratio = Double(n - v) / Double(v + 1)
            let scaled = frexp(binomialMantissa * ratio)
            binomialMantissa = scaled.0
            binomialExponent += scaled.1
        }

        let logProbability = log(x) + referenceLog + log(sum + compensation)
        return clip(exp(logProbability))
    }

    /// Clamps a probability to [0, 1]; NaN passes through.
    static func clip(_ p: Double) -> Double {
        if p < 0 { return 0 }
        if p > 1 { return 1 }
        return p
    }
}
