import DriftCore
import DriftStats

/// Reading window columns back as plain values, to compare with the events that went in.
extension ColumnValues {
    /// The numbers of a numeric column, nil where missing (nil for a categorical column).
    var numbers: [Double?]? {
        guard case .numeric(let values) = self else { return nil }
        return values.map { $0.isNaN ? nil : $0 }
    }

    /// The category names of a categorical column, nil where missing (nil for a numeric column).
    var names: [String?]? {
        guard case .categorical(let column) = self else { return nil }
        return column.codes.map { $0 == CategoricalColumn.missingCode ? nil : column.categories[Int($0)] }
    }
}

extension Event {
    /// The value of feature `name` as a window column holds it.
    func number(_ name: String) -> Double? { features.first { $0.name == name }?.value.numericValue }
    func category(_ name: String) -> String? { features.first { $0.name == name }?.value.categoryName }
}
