/// What a numeric comparison needs from a window once its values have been walked against the reference
/// partition: counts, the summary values and the three distribution statistics.
struct WindowSummary {
    /// Rows, missing values included.
    var rows: Int
    /// Finite values (m).
    var finiteCount: Int
    /// Σ of the finite values.
    var sum: Double
    var minimum: Double
    var maximum: Double
    /// Finite values outside the reference's [min, max].
    var outsideReference: Int
    /// KS D.
    var ksStatistic: Double
    /// Window count per PSI bin.
    var binCounts: [Int]
    /// Wasserstein-1.
    var wasserstein: Double
}
