/// Everything Driftwatch reports for one categorical feature in one window.
public struct CategoricalComparison: Sendable, Codable, Equatable {
    /// Window rows with a value (m).
    public var count: Int
    /// Window rows with no value.
    public var missing: Int
    /// The union of reference and window categories, sorted; the order of the proportion arrays.
    public var categories: [String]
    /// Reference and window proportion per category.
    public var referenceProportions: [Double]
    public var currentProportions: [Double]
    /// PSI with one bin per category.
    public var psi: Double
    /// Chi-square goodness of fit of the window counts against the reference proportions.
    public var chiSquare: ChiSquareResult
    /// Jensen–Shannon distance between the unsmoothed proportions.
    public var jensenShannon: Double
    /// Share of window rows whose category the reference never saw.
    public var unseenShare: Double

    /// Compares a dictionary-encoded window with a reference. Each window category is looked up once; rows
    /// are counted by integer code. Returns nil when either side has no value.
    public init?(reference: CategoricalReference, window: CategoricalColumn) {
        self.init(reference: reference, categories: window.categories, counts: window.countsPerCategory(), rows: window.count)
    }

    /// Compares a window given as its row count per category (names distinct, in any order) and its number
    /// of rows, missing ones included. Returns nil when either side has no value.
    public init?(reference: CategoricalReference, categories windowCategories: [String], counts windowCounts: [Int], rows: Int) {
        let windowTotal = windowCounts.reduce(0, +)
        let referenceTotal = reference.count
        guard windowTotal > 0, referenceTotal > 0 else { return nil }

        var merged: [String: (reference: Int, current: Int)] = [:]
        for (category, count) in zip(reference.categories, reference.counts) {
            merged[category, default: (0, 0)].reference += count
        }
        var unseen = 0
        for (category, count) in zip(windowCategories, windowCounts) where count > 0 {
            if merged[category] == nil { unseen += count }
            merged[category, default: (0, 0)].current += count
        }
        let union = merged.keys.sorted()
        let referenceCounts = union.map { merged[$0]!.reference }
        let currentCounts = union.map { merged[$0]!.current }

        count = windowTotal
        missing = rows - windowTotal
        categories = union
        referenceProportions = PopulationStabilityIndex.proportions(referenceCounts, total: referenceTotal)
        currentProportions = PopulationStabilityIndex.proportions(currentCounts, total: windowTotal)
        psi = PopulationStabilityIndex.psi(reference: referenceProportions, current: currentProportions)
        chiSquare = ChiSquare.goodnessOfFit(observed: currentCounts, referenceProportions: referenceProportions)
        jensenShannon = JensenShannon.distance(referenceProportions, currentProportions)
        unseenShare = Double(unseen) / Double(windowTotal)
    }
}
