import DriftCore
import DriftStats

/// One feature's (or the prediction's) streaming state in a window: a DriftStats fold of the reference's
/// type, plus the counts that decide between "insufficient data" and a type-mismatch error when a
/// window's column has the other type (``FeatureEvaluator``'s order of checks).
///
/// The folds are optionals mutated in place (`numeric?.add`), so a fold's arrays are never copied.
struct FeatureFold: Sendable {
    let reference: FeatureReference
    var numeric: NumericFold?
    var categorical: CategoricalFold?
    /// Rows, and usable values, of the columns whose type differed from the reference's.
    var mismatchedRows = 0
    var mismatchedUsable = 0
    /// The type of those columns.
    var mismatchedType: String?

    /// - Parameter keptBudget: values a numeric fold keeps for slots near a crossing (``NumericFold/keptBudget``).
    init(reference: FeatureReference, keptBudget: Int = NumericFold.defaultKeptBudget) {
        self.reference = reference
        switch reference {
        case .numeric(let numeric): self.numeric = NumericFold(reference: numeric, keptBudget: keptBudget)
        case .categorical(let categorical): self.categorical = CategoricalFold(reference: categorical)
        }
    }

    /// Folds one chunk's column.
    mutating func add(_ column: ColumnValues) {
        switch column {
        case .numeric(let values) where numeric != nil:
            values.withUnsafeBufferPointer { numeric?.add($0) }
        case .categorical(let values) where categorical != nil:
            categorical?.add(values)
        case .numeric, .categorical:
            mismatchedRows += column.count
            mismatchedUsable += FeatureEvaluator.usableCount(column)
            mismatchedType = numeric != nil ? "categorical" : "numeric"
        }
    }

    /// Keeps the values of watched slots of one chunk already folded (numeric folds only).
    mutating func gather(_ column: ColumnValues) {
        guard case .numeric(let values) = column, numeric != nil else { return }
        values.withUnsafeBufferPointer { numeric?.gather($0) }
    }

    /// Whether some crossing slot's values are not kept (a second read is needed).
    var needsGather: Bool { !(numeric?.unwatchedCrossings.isEmpty ?? true) }

    /// Chooses the watched slots afresh (every crossing, then the slots nearest one within the kept-values
    /// budget), forgetting the kept values (a second read refills them).
    mutating func watchNearCrossings() {
        numeric?.watchNearCrossings()
    }

    /// Values kept for watched slots.
    var keptValues: Int { numeric?.watchedValueCount ?? 0 }

    /// Rows folded, missing ones included.
    var rows: Int { (numeric?.rows ?? categorical?.rows ?? 0) + mismatchedRows }

    /// Values that count towards `min_samples`.
    var usable: Int { (numeric?.finiteCount ?? categorical?.usableCount ?? 0) + mismatchedUsable }
}
