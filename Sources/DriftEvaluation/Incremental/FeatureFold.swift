import DriftCore
import DriftStats

/// One feature's (or the prediction's) streaming state in a window: a DriftStats fold of the reference's
/// type, plus the counts that decide between "insufficient data" and a type-mismatch error when a
/// window's column has the other type (``FeatureEvaluator``'s order of checks).
///
/// A numeric feature starts as a ``SparseNumericFold`` (its finite values kept) and moves to the dense
/// ``NumericFold`` as soon as its values would pass ``SparseNumericFold/capacity`` (1.5 times the
/// reference's breakpoint count): which of the two holds the feature depends only on how many finite
/// values it has, so an incremental pass and a fold from scratch end in the same mode and give
/// bit-identical results. The dense fold is fed the kept values; its crossing slots' values are gathered by
/// the second read that ends a pass whose crossings are not all kept (``WindowAccumulator/needsGather``).
///
/// The folds are optionals mutated in place (`numeric?.add`), so a fold's arrays are never copied.
struct FeatureFold: Sendable {
    let reference: FeatureReference
    /// A numeric feature's values while they are few (nil once ``numeric`` holds them, and for categorical features).
    var sparse: SparseNumericFold?
    /// A numeric feature's dense state, once its values passed the sparse fold's capacity.
    var numeric: NumericFold?
    var categorical: CategoricalFold?
    /// Rows, and usable values, of the columns whose type differed from the reference's.
    var mismatchedRows = 0
    var mismatchedUsable = 0
    /// The type of those columns.
    var mismatchedType: String?
    /// The dense fold's ``NumericFold/keptBudget``.
    let keptBudget: Int

    /// - Parameter keptBudget: values a dense numeric fold keeps for slots near a crossing (``NumericFold/keptBudget``).
    init(reference: FeatureReference, keptBudget: Int = NumericFold.defaultKeptBudget) {
        self.reference = reference
        self.keptBudget = keptBudget
        switch reference {
        case .numeric(let numeric): sparse = SparseNumericFold(reference: numeric)
        case .categorical(let categorical): self.categorical = CategoricalFold(reference: categorical)
        }
    }

    /// Folds one chunk's column. `grouped`, when given, receives every value the dense fold takes, grouped
    /// as it placed them (``NumericFold/add(_:grouped:)``), the sparse fold's values included when it
    /// becomes dense: a later ``gather(grouped:groupEnds:)`` of all of them gathers the whole window.
    mutating func add(_ column: ColumnValues, grouped: NumericFold.GroupedValues? = nil) {
        var scratch = NumericFold.Scratch()
        add(column, grouped: grouped, scratch: &scratch)
    }

    /// ``add(_:grouped:)`` with the dense fold's working memory kept by the caller between chunks.
    mutating func add(_ column: ColumnValues, grouped: NumericFold.GroupedValues?, scratch: inout NumericFold.Scratch) {
        switch column {
        case .numeric(let values) where sparse != nil || numeric != nil:
            values.withUnsafeBufferPointer { chunk in
                // Tested through the optional, not bound to a copy: a copy would share the values' storage
                // and make the add copy it.
                if sparse?.fits(chunk) == true {
                    sparse?.add(chunk)
                    return
                }
                if sparse != nil { makeDense(grouped: grouped, scratch: &scratch) }
                numeric?.add(chunk, grouped: grouped, scratch: &scratch)
            }
        case .categorical(let values) where categorical != nil:
            categorical?.add(values)
        case .numeric, .categorical:
            mismatchedRows += column.count
            mismatchedUsable += FeatureEvaluator.usableCount(column)
            mismatchedType = categorical == nil ? "categorical" : "numeric"
        }
    }

    /// Moves the sparse fold's values into a dense fold: its finite values, then its missing rows counted.
    /// No slot is watched yet: at 1.5 values per reference breakpoint every slot would fit the kept-values
    /// budget, and a window
    /// that then grows to millions kept up to twice the budget in every feature (554 MiB peak at 1M events
    /// instead of about 340); the crossing slots are chosen and gathered when the pass ends, by the second
    /// read every dense fold's first pass makes.
    private mutating func makeDense(grouped: NumericFold.GroupedValues?, scratch: inout NumericFold.Scratch) {
        guard let sparse, case .numeric(let reference) = reference else { return }
        var dense = NumericFold(reference: reference, keptBudget: keptBudget)
        sparse.withValues { dense.add($0, grouped: grouped, scratch: &scratch) }
        dense.addMissing(sparse.rows - sparse.finiteCount)
        numeric = dense
        self.sparse = nil
    }

    /// The numeric comparison of the values folded; nil for a categorical feature or when either side has
    /// no finite value.
    func numericComparison() -> NumericComparison? {
        sparse?.comparison() ?? numeric?.comparison()
    }

    /// Keeps the values of watched slots of one chunk already folded (numeric folds only).
    mutating func gather(_ column: ColumnValues) {
        guard case .numeric(let values) = column, numeric != nil else { return }
        values.withUnsafeBufferPointer { numeric?.gather($0) }
    }

    /// Keeps the values of watched slots of one batch handed to an ``add(_:grouped:)`` receiver.
    mutating func gather(grouped values: UnsafeBufferPointer<Double>, groupEnds: UnsafeBufferPointer<Int>) {
        numeric?.gather(grouped: values, groupEnds: groupEnds)
    }

    /// Sorts a dense numeric fold's newly kept values (``NumericFold/sortKeptValues()``).
    mutating func sortKeptValues() {
        numeric?.sortKeptValues()
    }

    /// Whether some crossing slot's values are not kept (a second read is needed).
    var needsGather: Bool { numeric?.hasUnwatchedCrossing ?? false }

    /// Chooses the watched slots afresh (every crossing, then the slots nearest one within the kept-values
    /// budget), forgetting the kept values (a second read refills them).
    mutating func watchNearCrossings() {
        numeric?.watchNearCrossings()
    }

    /// Values kept for watched slots, or by the sparse fold.
    var keptValues: Int { sparse?.finiteCount ?? numeric?.watchedValueCount ?? 0 }

    /// About how many bytes the fold holds now (DriftStats' `heldBytes` of the fold in use).
    var heldBytes: Int { 64 + (sparse?.heldBytes ?? numeric?.heldBytes ?? categorical?.heldBytes ?? 0) }

    /// Rows folded, missing ones included.
    var rows: Int { (sparse?.rows ?? numeric?.rows ?? categorical?.rows ?? 0) + mismatchedRows }

    /// Values that count towards `min_samples`.
    var usable: Int {
        (sparse?.finiteCount ?? numeric?.finiteCount ?? categorical?.usableCount ?? 0) + mismatchedUsable
    }
}
