/// The result of a chi-square goodness-of-fit test.
public struct ChiSquareResult: Sendable, Codable, Equatable {
    /// χ² = Σ (observed − expected)² / expected.
    public var statistic: Double
    /// Upper tail of χ² with k − 1 degrees of freedom.
    public var pvalue: Double
    /// k − 1.
    public var degreesOfFreedom: Int

    public init(statistic: Double, pvalue: Double, degreesOfFreedom: Int) {
        self.statistic = statistic
        self.pvalue = pvalue
        self.degreesOfFreedom = degreesOfFreedom
    }
}

/// Pearson's chi-square goodness-of-fit test of current category counts against reference proportions
/// (STATISTICS.md, "Chi-square goodness of fit"); equals `scipy.stats.chisquare(observed, expected)`.
public enum ChiSquare {
    /// Tests `observed` counts against `referenceProportions` (same category order). Zero reference
    /// proportions become 1e-4 and the proportions are renormalised to sum 1; expected = proportion · m.
    /// With a single category there is nothing to test: statistic 0, p = 1.
    public static func goodnessOfFit(observed: [Int], referenceProportions: [Double]) -> ChiSquareResult {
        precondition(observed.count == referenceProportions.count, "chi-square needs the same categories")
        let smoothed = referenceProportions.map { $0 == 0 ? PopulationStabilityIndex.emptyBinProportion : $0 }
        let smoothedTotal = smoothed.reduce(0, +)
        let total = Double(observed.reduce(0, +))
        var statistic = 0.0
        for index in observed.indices {
            let expected = smoothed[index] / smoothedTotal * total
            let difference = Double(observed[index]) - expected
            statistic += difference * difference / expected
        }
        let degrees = observed.count - 1
        guard degrees > 0, total > 0 else {
            return ChiSquareResult(statistic: degrees > 0 ? statistic : 0, pvalue: 1, degreesOfFreedom: max(degrees, 0))
        }
        let pvalue = IncompleteGamma.upperRegularized(a: Double(degrees) / 2, x: statistic / 2)
        return ChiSquareResult(statistic: statistic, pvalue: min(max(pvalue, 0), 1), degreesOfFreedom: degrees)
    }
}
