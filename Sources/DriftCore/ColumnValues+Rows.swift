public import DriftStats

extension ColumnValues {
    /// The values of the given rows, in the order given (a categorical column keeps its categories).
    public func rows(_ indices: [Int]) -> ColumnValues {
        switch self {
        case .numeric(let values):
            return .numeric(indices.map { values[$0] })
        case .categorical(let column):
            return .categorical(
                CategoricalColumn(categories: column.categories, codes: indices.map { column.codes[$0] }))
        }
    }
}
