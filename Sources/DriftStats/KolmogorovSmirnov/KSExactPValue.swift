/// Exact two-sided p-values of the two-sample Kolmogorov–Smirnov statistic by lattice-path
/// counting, following the algorithms SciPy uses in `ks_2samp`.
///
/// A pair of samples of sizes n and m corresponds to a monotone lattice path from (0, 0) to
/// (n, m); under the null hypothesis all C(n + m, n) paths are equally likely. With
/// L = lcm(n, m) and D = h / L, the p-value P(D_{n,m} ≥ D) is the proportion of paths that
/// touch or leave the band |x/n − y/m| < h / L.
///
/// References:
/// - Hodges, J. L. Jr. (1958). "The significance probability of the Smirnov two-sample
///   test." Arkiv för Matematik 3(43), 469–486.
/// - Viehmann, T. (2021). "Numerically more stable computation of the p-values for the
///   two-sample Kolmogorov–Smirnov test." arXiv:2102.08037 (the recursion for 1 − p).
enum KSExact {
    /// Largest sample size for which `ks_2samp(method="auto")` attempts the exact computation.
    static let maximumExactSize = 10000

    /// Greatest common divisor of two positive integers (Euclid).
    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var x = a
        var y = b
        while y != 0 {
            (x, y) = (y, x % y)
        }
        return x
    }

    /// The exact two-sided p-value P(D_{n,m} ≥ h / lcm(n, m)) for sizes `n`, `m` with
    /// `g = gcd(n, m)` and `1 ≤ h`. Dispatches to the equal-size closed form when n = m
    /// and to the inside-method recursion otherwise. The caller must check the result is
    /// finite and within [0, 1].
    static func twoSidedPValue(n: Int, m: Int, g: Int, h: Int) -> Double {
        if n == m {
            return probabilityOutsideSquare(n: n, h: h)
        }
        return outerProbabilityInsideMethod(n: n, m: m, g: g, h: h)
    }

    /// Probability that a uniformly random lattice path from (0, 0) to (n, n) reaches one
    /// of the diagonals x − y = ±h (i.e. P(D_{n,n} ≥ h / n)).
    ///
    /// By the reflection principle the probability is
    /// 2 · Σ_{k≥1} (−1)^{k−1} C(2n, n − k·h) / C(2n, n). Each ratio of consecutive terms
    /// is a product of h simple fractions, so the alternating sum is evaluated from the
    /// innermost term outwards as P = 2·A₁·(1 − A₂·(1 − A₃·(1 − …))), which avoids the
    /// subtractive cancellation of the direct sum.
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var total = 0.0
        var k = n / h
        while k >= 0 {
            var factor = 1.0
            for j in 0..<h {
                factor = Double(n - k * h - j) * factor / Double(n + k * h + j + 1)
            }
            total = factor * (1.0 - total)
            k -= 1
        }
        return 2 * total
    }

    /// Proportion of lattice paths from (0, 0) to (n, m) that do not stay strictly inside
    /// |x/n − y/m| < h / lcm(n, m), i.e. P(D_{n,m} ≥ h / lcm(n, m)) for n ≠ m.
    ///
    /// Hodges' (1958) inside method walks the lattice column by column keeping only the
    /// sliding window of rows that lie inside the band. Instead of counting inside paths
    /// (whose counts overflow like binomial coefficients) each cell holds the probability
    /// that a uniformly random path to that cell has already left the band (Viehmann
    /// 2021): a cell's value is the weighted average (i·left + j·below) / (i + j) of its two
    /// predecessors, cells outside the band hold 1, and cells on the lower/left edge below
    /// the band hold 1. All values stay in [0, 1], so no scaling is needed.
    static func outerProbabilityInsideMethod(n: Int, m: Int, g: Int, h: Int) -> Double {
        let columns = max(n, m)
        let rows = min(n, m)
        let columnStep = columns / g
        let rowStep = rows / g

        var minRow = 0
        var maxRow = min(ceilingDivision(h, columnStep), rows + 1)
        var currentLength = maxRow - minRow
        let storage = min(2 * maxRow + 2, rows + 1)
        var window = [Double](repeating: 1.0, count: storage)
        for j in minRow..<maxRow {
            window[j] = 0.0
        }

        return window.withUnsafeMutableBufferPointer { a -> Double in
            for i in 1...columns {
                let lastMinRow = minRow
                let lastLength = currentLength
                minRow = min(max(floorDivision(rowStep * i - h, columnStep) + 1, 0), rows)
                maxRow = min(ceilingDivision(rowStep * i + h, columnStep), rows + 1)
                if maxRow <= minRow {
                    return 1.0
                }
                let column = Double(i)
                var value = minRow == 0 ? 0.0 : 1.0
                for jj in 0..<(maxRow - minRow) {
                    let j = jj + minRow
                    let source = jj + minRow - lastMinRow
                    let left = source < storage ? a[source] : 1.0
                    value = (left * column + value * Double(j)) / Double(i + j)
                    a[jj] = value
                }
                currentLength = maxRow - minRow
                if lastLength > currentLength {
                    let upper = min(lastLength, storage)
                    var index = currentLength
                    while index < upper {
                        a[index] = 1.0
                        index += 1
                    }
                }
            }
            return a[maxRow - minRow - 1]
        }
    }

    /// ⌊a / b⌋ for b > 0 and any sign of a.
    static func floorDivision(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && a < 0) ? q - 1 : q
    }

    /// ⌈a / b⌉ for b > 0 and any sign of a.
    static func ceilingDivision(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && a > 0) ? q + 1 : q
    }
}
