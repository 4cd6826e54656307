#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// McNemar's exact test on paired outcomes (Q. McNemar, "Note on the sampling error of the difference
/// between correlated proportions or percentages", Psychometrika 12, 1947): of the pairs that exactly
/// one of A and B got right, is the split between them 50/50?
public enum McNemarTest {
    /// p = min(1, 2·F(min(a, b); a + b, ½)), F the binomial CDF; 1 when a + b = 0. Equals statsmodels
    /// `mcnemar([[·, a], [b, ·]], exact=True).pvalue`.
    ///
    /// The CDF is summed from its largest term down: with k = min(a, b) ≤ n/2 the terms C(n, i)/2ⁿ grow
    /// with i up to k, so each is the next one times i/(n − i + 1), and only the largest is formed
    /// from `lgamma` (2ⁿ alone underflows past n = 1074).
    public static func exactPValue(aOnlyCorrect a: Int, bOnlyCorrect b: Int) -> Double {
        precondition(a >= 0 && b >= 0, "counts are non-negative")
        let n = a + b
        guard n > 0 else { return 1 }
        let k = min(a, b)
        let nd = Double(n)
        let logLargest = lgamma(nd + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1) - nd * log(2.0)
        var term = 1.0
        var sum = 1.0
        var i = k
        while i > 0 {
            term *= Double(i) / Double(n - i + 1)
            sum += term
            if term < sum * 1e-17 { break }
            i -= 1
        }
        return min(1, 2 * exp(logLargest) * sum)
    }
}
