/// Everything Driftwatch reports for one numeric feature in one window, computed against a prepared
/// ``NumericReference``.
public struct NumericComparison: Sendable, Codable, Equatable {
    /// Finite window values (m).
    public var count: Int
    /// Window values that were missing (NaN, ±∞).
    public var missing: Int
    /// Two-sample Kolmogorov–Smirnov test.
    public var ks: KSResult
    /// Population Stability Index over the reference-quantile bins.
    public var psi: Double
    /// Window proportion per PSI bin (the reference's are on ``NumericReference/binProportions``).
    public var binProportions: [Double]
    /// Jensen–Shannon distance between the reference and window bin proportions.
    public var jensenShannon: Double
    /// Wasserstein-1 distance between the empirical distributions.
    public var wasserstein: Double
    /// Wasserstein-1 divided by max(σ_R, 0.001).
    public var wassersteinNormed: Double
    /// Window minimum, maximum and mean (nil when the window has no finite value).
    public var minimum: Double?
    public var maximum: Double?
    public var mean: Double?
    /// Share of finite window values outside the reference's [min, max].
    public var outOfRangeShare: Double

    /// Compares a window with a reference. The window is neither sorted nor copied whole: one pass counts
    /// values per reference slot, a bucket pass orders the values inside each slot for Wasserstein.
    /// Returns nil when either side has no finite value.
    public init?(reference: NumericReference, window: [Double]) {
        guard reference.count > 0 else { return nil }
        let scan = WindowScan(partition: reference.partition, window: window, referenceCount: reference.count)
        self.init(
            reference: reference,
            summary: WindowSummary(
                rows: window.count, finiteCount: scan.finiteCount, sum: scan.sum, minimum: scan.minimum,
                maximum: scan.maximum, outsideReference: scan.outsideReference, ksStatistic: scan.ksStatistic,
                binCounts: scan.binCounts, wasserstein: scan.wasserstein))
    }

    /// The comparison from a window's summary against the reference (a ``WindowScan`` or a
    /// ``NumericFold``). Returns nil when either side has no finite value.
    init?(reference: NumericReference, summary: WindowSummary) {
        guard reference.count > 0, summary.finiteCount > 0 else { return nil }
        count = summary.finiteCount
        missing = summary.rows - summary.finiteCount
        minimum = summary.minimum
        maximum = summary.maximum
        mean = summary.sum / Double(summary.finiteCount)
        outOfRangeShare = Double(summary.outsideReference) / Double(summary.finiteCount)

        let (pvalue, method) = ksTwoSamplePValue(
            statistic: summary.ksStatistic, n: reference.count, m: summary.finiteCount)
        ks = KSResult(statistic: summary.ksStatistic, pvalue: pvalue, method: method)

        binProportions = PopulationStabilityIndex.proportions(summary.binCounts, total: summary.finiteCount)
        let referenceProportions = reference.binProportions
        psi = PopulationStabilityIndex.psi(reference: referenceProportions, current: binProportions)
        jensenShannon = JensenShannon.distance(referenceProportions, binProportions)
        wasserstein = summary.wasserstein
        wassersteinNormed = wasserstein / Swift.max(reference.standardDeviation, 0.001)
    }
}
