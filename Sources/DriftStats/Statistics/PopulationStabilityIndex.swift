#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Population Stability Index over fixed bins (STATISTICS.md, "Population Stability Index").
public enum PopulationStabilityIndex {
    /// The proportion that replaces an empty bin on either side, without renormalisation.
    public static let emptyBinProportion = 1e-4

    /// PSI = Σ (cᵢ − rᵢ)·ln(cᵢ / rᵢ), with zero proportions replaced by ``emptyBinProportion``.
    /// Both arrays hold one proportion per bin, in the same bin order.
    public static func psi(reference: [Double], current: [Double]) -> Double {
        precondition(reference.count == current.count, "PSI needs the same bins on both sides")
        var total = 0.0
        for index in reference.indices {
            let r = reference[index] == 0 ? emptyBinProportion : reference[index]
            let c = current[index] == 0 ? emptyBinProportion : current[index]
            total += (c - r) * log(c / r)
        }
        return total
    }

    /// Converts counts to proportions of `total` (all zeros when `total` is 0).
    static func proportions(_ counts: [Int], total: Int) -> [Double] {
        guard total > 0 else { return [Double](repeating: 0, count: counts.count) }
        let size = Double(total)
        return counts.map { Double($0) / size }
    }
}
