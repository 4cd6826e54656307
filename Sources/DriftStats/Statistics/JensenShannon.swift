#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Jensen–Shannon distance (Lin 1991, "Divergence measures based on the Shannon entropy", IEEE Trans.
/// Inf. Theory 37(1)), natural log, no smoothing: JS = √((KL(P‖M) + KL(Q‖M)) / 2) with M = (P+Q)/2 and
/// 0·ln 0 = 0. Equals `scipy.spatial.distance.jensenshannon(P, Q)`; range [0, √ln 2].
public enum JensenShannon {
    /// The distance between two discrete distributions given as proportions over the same bins.
    /// Each side is normalised to sum 1 first, as scipy does.
    public static func distance(_ p: [Double], _ q: [Double]) -> Double {
        precondition(p.count == q.count, "Jensen–Shannon needs the same bins on both sides")
        let pSum = p.reduce(0, +)
        let qSum = q.reduce(0, +)
        guard pSum > 0, qSum > 0 else { return 0 }
        var divergence = 0.0
        for index in p.indices {
            let pi = p[index] / pSum
            let qi = q[index] / qSum
            let mi = (pi + qi) / 2
            if pi > 0 { divergence += pi * log(pi / mi) }
            if qi > 0 { divergence += qi * log(qi / mi) }
        }
        return max(divergence / 2, 0).squareRoot()
    }
}
