/// One categorical feature of a window, folded chunk by chunk into its row count per category: all that
/// PSI, chi-square and Jensen–Shannon need (STATISTICS.md). Its size grows with the distinct categories,
/// not with the rows; counts are integers, so any order and grouping of the rows gives the same state.
public struct CategoricalFold: Sendable {
    /// The reference the window is compared with.
    public let reference: CategoricalReference
    /// Rows per category name.
    var counts: [String: Int] = [:]
    /// Rows folded, missing ones included.
    public internal(set) var rows = 0

    /// An empty fold against `reference`.
    public init(reference: CategoricalReference) {
        self.reference = reference
    }

    /// Rows with a category.
    public var usableCount: Int { counts.values.reduce(0, +) }

    /// Folds a dictionary-encoded chunk: each of its categories is looked up once.
    public mutating func add(_ column: CategoricalColumn) {
        rows += column.count
        for (category, count) in zip(column.categories, column.countsPerCategory()) where count > 0 {
            counts[category, default: 0] += count
        }
    }

    /// The comparison of the folded window with the reference; nil when either side has no value.
    public func comparison() -> CategoricalComparison? {
        let names = Array(counts.keys)
        return CategoricalComparison(reference: reference, categories: names, counts: names.map { counts[$0]! }, rows: rows)
    }
}
