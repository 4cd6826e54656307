import DriftCore
import DriftStats

/// Turns one feature's folded window column into a ``FeatureResult`` with the DriftStats comparisons: the
/// statistics when the column has at least `minSamples` usable values, the volume and missing values
/// only otherwise.
struct FeatureEvaluator: Sendable {
    /// The fewest usable values for statistics.
    var minSamples: Int
    /// The drift method and threshold; nil to leave the decision out (the prediction has none).
    var decision: (method: DriftMethod, threshold: Double?)?

    /// Evaluates one feature's streaming state against its reference, in this order: no usable
    /// value or fewer than `minSamples` → insufficient data; a column of the other type → an error; else the
    /// comparison.
    ///
    /// - Parameters:
    ///   - fold: the window's folded column; nil when no chunk had the feature (every row missing).
    ///   - rows: the window's row count.
    /// - Throws: ``EvaluationError/Code/typeMismatch`` when a chunk's column type is not the reference's.
    func evaluate(name: String, reference: FeatureReference, fold: FeatureFold?, rows: Int) throws(EvaluationError)
        -> FeatureResult
    {
        let type: FeatureType = reference.typeName == FeatureType.numeric.rawValue ? .numeric : .categorical
        let usable = fold?.usable ?? 0
        guard let fold, usable >= minSamples, usable > 0 else {
            return insufficient(type: type, rows: rows, missing: rows - usable)
        }
        if let windowType = fold.mismatchedType {
            throw EvaluationError(
                .typeMismatch, "feature \(name) is \(reference.typeName) in the reference but \(windowType) in the window")
        }
        if let comparison = fold.numericComparison() { return numeric(comparison, rows: rows) }
        if let comparison = fold.categorical?.comparison() { return categorical(comparison, rows: rows) }
        // The reference itself has no usable value: nothing to compare with.
        return insufficient(type: type, rows: rows, missing: rows - usable)
    }

    /// Values that count towards `minSamples`: finite numbers, or rows with a category.
    static func usableCount(_ column: ColumnValues) -> Int {
        switch column {
        case .numeric(let values):
            var count = 0
            for value in values where value.isFinite { count += 1 }
            return count
        case .categorical(let column):
            var count = 0
            for code in column.codes where code != CategoricalColumn.missingCode { count += 1 }
            return count
        }
    }

    private func insufficient(type: FeatureType, rows: Int, missing: Int) -> FeatureResult {
        FeatureResult(
            type: type, count: rows, missing: missing, insufficientData: true, missingRate: rate(missing, rows))
    }

    private func numeric(_ comparison: NumericComparison, rows: Int) -> FeatureResult {
        FeatureResult(
            type: .numeric, count: rows, missing: comparison.missing, missingRate: rate(comparison.missing, rows),
            psi: comparison.psi, ks: comparison.ks, wassersteinNormed: comparison.wassersteinNormed,
            jensenShannon: comparison.jensenShannon,
            drift: decision.map { comparison.decision(by: $0.method, threshold: $0.threshold).drift },
            outOfRangeShare: comparison.outOfRangeShare, min: comparison.minimum, max: comparison.maximum,
            mean: comparison.mean)
    }

    private func categorical(_ comparison: CategoricalComparison, rows: Int) -> FeatureResult {
        FeatureResult(
            type: .categorical, count: rows, missing: comparison.missing,
            missingRate: rate(comparison.missing, rows), psi: comparison.psi,
            chi2: ChiSquareSummary(comparison.chiSquare), jensenShannon: comparison.jensenShannon,
            drift: decision.map { comparison.decision(by: $0.method, threshold: $0.threshold).drift },
            unseenShare: comparison.unseenShare)
    }

    /// part / whole, or nil for an empty window.
    private func rate(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }
}
