#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pomeranz's (1974) recursion for the Kolmogorov distribution ("Exact cumulative
/// distribution of the Kolmogorov–Smirnov statistic for small samples", Algorithm 487,
/// Comm. ACM 17(12)), as recommended by Simard & L'Ecuyer (2011) for n ≤ 140 and
/// 0.754693 < n·x² ≤ 4.
///
/// The unit interval is cut at the points i/n ± x; between consecutive cut points the
/// number of uniforms follows a Poisson-like law, and each of the 2n + 2 rows of the
/// recursion is the convolution of the previous row with one of three power tables
/// (g/n)^j/j!, (2g/n)^j/j! or ((1 − 2g)/n)^j/j!, where g = min(f, 1 − f) and f is the
/// fractional part of n·x. Only a contiguous band of each row is non-zero; rows are
/// rescaled by 2^128 on underflow. The CDF is n! times the final entry.
enum KolmogorovPomeranz {
    /// P(D_n ≤ x) by the Pomeranz recursion.
    static func cdf(n: Int, x: Double) -> Double {
        let t = Double(n) * x
        let whole = Int(t.rounded(.down))
        let fraction = t - Double(whole)
        let g = min(fraction, 1.0 - fraction)
        let ceilFraction = fraction > 0 ? 1 : 0
        let roundFraction = fraction > 0.5 ? 1 : 0
        let powerCount = 2 * (whole + 1)

        var gPower = [Double](repeating: 1.0, count: powerCount)
        var twoGPower = [Double](repeating: 1.0, count: powerCount)
        var oneMinusTwoGPower = [Double](repeating: 1.0, count: powerCount)
        let size = Double(n)
        let gOverN = g / size
        let twoGOverN = 2 * g / size
        let oneMinusTwoGOverN = (1 - 2 * g) / size
        for j in 1..<max(powerCount, 1) {
            gPower[j] = gPower[j - 1] * gOverN / Double(j)
            twoGPower[j] = twoGPower[j - 1] * twoGOverN / Double(j)
            oneMinusTwoGPower[j] = oneMinusTwoGPower[j - 1] * oneMinusTwoGOverN / Double(j)
        }

        let up = scalbn(1.0, 128)
        let down = scalbn(1.0, -128)
        var exponent = 0
        var previous = [Double](repeating: 0, count: powerCount)
        var current = [Double](repeating: 0, count: powerCount)
        current[0] = 1
        var previousStart = 0
        var currentStart = 0

        var (j1, j2) = bounds(row: 0, n: n, whole: whole, ceilFraction: ceilFraction,
                              roundFraction: roundFraction)
        for row in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&previous, &current)
            swap(&previousStart, &currentStart)
            for index in current.indices { current[index] = 0 }
            (j1, j2) = bounds(row: row, n: n, whole: whole, ceilFraction: ceilFraction,
                              roundFraction: roundFraction)
            let powers: [Double]
            if row == 1 || row == 2 * n + 1 {
                powers = gPower
            } else {
                powers = row % 2 == 1 ? twoGPower : oneMinusTwoGPower
            }
            let span = j2 - k1 + 1
            if span > 0 {
                // Full convolution of previous[k1 − previousStart ..< +span] with
                // powers[0 ..< span] (both clipped to the stored length), keeping the
                // entries conv[j1 − k1 ..< j1 − k1 + (j2 − j1 + 1)].
                let segmentStart = k1 - previousStart
                let segmentEnd = min(segmentStart + span, powerCount)
                let segmentLength = max(segmentEnd - segmentStart, 0)
                let kernelLength = min(span, powerCount)
                let convolutionStart = j1 - k1
                let keep = j2 - j1 + 1
                var largest = -Double.infinity
                for out in 0..<max(keep, 0) {
                    let c = convolutionStart + out
                    var sum = 0.0
                    let lowest = max(0, c - kernelLength + 1)
                    let highest = min(c, segmentLength - 1)
                    if lowest <= highest {
                        for s in lowest...highest {
                            sum += previous[segmentStart + s] * powers[c - s]
                        }
                    }
                    current[out] = sum
                }
                for value in current where value > largest {
                    largest = value
                }
                if largest > 0 && largest < down {
                    for index in current.indices { current[index] *= up }
                    exponent -= 128
                }
                currentStart = previousStart + j1 - k1
            }
        }

        var answer = current[n - currentStart]
        for i in 1...n {
            if abs(answer) > up {
                answer *= down
                exponent += 128
            }
            answer *= Double(i)
        }
        if exponent != 0 {
            answer = scalbn(answer, Int32(clamping: exponent))
        }
        return answer
    }

    /// First and last non-zero column of row `row` of the recursion (before clipping to
    /// [0, n]), following the interval bookkeeping of Simard & L'Ecuyer's implementation.
    static func bounds(row: Int, n: Int, whole: Int, ceilFraction: Int,
                       roundFraction: Int) -> (Int, Int) {
        var j1: Int
        var j2: Int
        if row == 0 {
            j1 = -whole - ceilFraction - 1
            j2 = whole + ceilFraction - 1
        } else {
            let half = (row + 1) / 2
            if (row + 1) % 2 == 0 {
                if half == n + 1 {
                    j1 = n - whole - ceilFraction - 1
                    j2 = n + whole + ceilFraction - 1
                } else {
                    j1 = half - 1 - whole - roundFraction - 1
                    j2 = half + whole - 1 + ceilFraction - 1
                }
            } else {
                j1 = half - 1 - whole - 1
                j2 = half + whole + roundFraction - 1
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }
}
