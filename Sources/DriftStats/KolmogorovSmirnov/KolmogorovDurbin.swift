#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durbin's (1968) matrix formula for the Kolmogorov distribution, in the form given by
/// Marsaglia, Tsang & Wang (2003), "Evaluating Kolmogorov's distribution", J. Stat. Softw.
/// 8(18).
///
/// Write n·d = k − h with k a positive integer and 0 ≤ h < 1. Then
/// P(D_n < d) = n!/n^n · (H^n)_{k,k} for an m × m matrix H, m = 2k − 1. The power is taken
/// by repeated squaring; because the entries of H^n grow like n^n/n! the intermediate
/// matrices carry separate binary exponents.
enum KolmogorovDurbin {
    /// Binary exponent used for rescaling (entries are rescaled by 2^±128).
    static let scaleExponent = 128

    /// P(D_n ≤ d) by the Durbin / Marsaglia–Tsang–Wang matrix method. Cost O(m³ log n)
    /// with m = 2⌈n·d⌉ − 1, so it is used only for small n·d.
    static func cdf(n: Int, x d: Double) -> Double {
        if d >= 1.0 { return 1.0 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0.0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1

        // First column v[j] = (1 − h^{j+1}) / (j+1)!, w[j] = 1/j!; the corner entry
        // uses (1 − 2h^m + max(0, 2h − 1)^m) / m!.
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var factorial = 1.0
        for j in 1...m {
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] = (1.0 - pow(h, Double(j))) * factorial
        }
        let corner = pow(max(2 * h - 1.0, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1.0 + corner) * factorial

        // H[r][c] = w[r − c + 1] for r ≥ c − 1 (c ≥ 1); first column v; last row reversed v.
        var matrix = [Double](repeating: 0, count: m * m)
        for c in 1..<max(m, 1) {
            for r in (c - 1)..<m {
                matrix[r * m + c] = w[r - c + 1]
            }
        }
        for r in 0..<m {
            matrix[r * m] = v[r]
        }
        for c in 0..<m {
            matrix[(m - 1) * m + c] = v[m - 1 - c]
        }

        var power = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            power[i * m + i] = 1.0
        }
        let up = scalbn(1.0, Int32(scaleExponent))
        let down = scalbn(1.0, Int32(-scaleExponent))
        let centre = (k - 1) * m + (k - 1)
        var exponent = 0
        var matrixExponent = 0
        var remaining = n
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = multiply(power, matrix, size: m)
                exponent += matrixExponent
                // Keep the accumulated product in range as well (SciPy rescales only the
                // squared matrix, so its product can overflow for n with many set bits).
                if largestMagnitude(power) > up {
                    scale(&power, by: down)
                    exponent += scaleExponent
                }
            }
            matrix = multiply(matrix, matrix, size: m)
            matrixExponent *= 2
            if abs(matrix[centre]) > up {
                scale(&matrix, by: down)
                matrixExponent += scaleExponent
            }
            remaining /= 2
        }

        // Multiply by n!/n^n, one factor i/n at a time, rescaling on underflow.
        var p = power[centre]
        let size = Double(n)
        for i in 1...n {
            p = Double(i) * p / size
            if abs(p) < down {
                p *= up
                exponent -= scaleExponent
            }
        }
        if exponent != 0 {
            p = scalbn(p, Int32(clamping: exponent))
        }
        return p
    }

    /// Product of two row-major `size` × `size` matrices.
    static func multiply(_ a: [Double], _ b: [Double], size: Int) -> [Double] {
        var result = [Double](repeating: 0, count: size * size)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableBufferPointer { pr in
                    for i in 0..<size {
                        let rowA = i * size
                        for l in 0..<size {
                            let factor = pa[rowA + l]
                            if factor == 0 { continue }
                            let rowB = l * size
                            for j in 0..<size {
                                pr[rowA + j] += factor * pb[rowB + j]
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Largest absolute entry of a matrix.
    static func largestMagnitude(_ matrix: [Double]) -> Double {
        var largest = 0.0
        for value in matrix where abs(value) > largest {
            largest = abs(value)
        }
        return largest
    }

    /// Multiplies every entry of `matrix` by `factor` (a power of two, hence exact).
    static func scale(_ matrix: inout [Double], by factor: Double) {
        for index in matrix.indices {
            matrix[index] *= factor
        }
    }
}
