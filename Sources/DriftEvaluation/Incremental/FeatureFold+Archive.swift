import DriftStats

extension FeatureFold {
    /// Writes the dense folds' kept-values budget, the fold of the reference's type (sparse or dense for a
    /// numeric feature) and the counts of columns of the other type.
    func archive(into writer: inout ArchiveWriter) {
        writer.count(keptBudget)
        if let sparse {
            writer.byte(3)
            sparse.archive(into: &writer)
        } else if let numeric {
            writer.byte(1)
            numeric.archive(into: &writer)
        } else if let categorical {
            writer.byte(2)
            categorical.archive(into: &writer)
        } else {
            writer.byte(0)
        }
        writer.signed(mismatchedRows)
        writer.signed(mismatchedUsable)
        switch mismatchedType {
        case nil: writer.byte(0)
        case "numeric": writer.byte(1)
        default: writer.byte(2)
        }
    }

    /// Reads a fold written by ``archive(into:)`` against `reference`, whose type it must have.
    init(reference: FeatureReference, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        let budget = try reader.count()
        self.init(reference: reference, keptBudget: budget)
        let kind = try reader.byte()
        switch (kind, reference) {
        case (1, .numeric(let numericReference)):
            numeric = try NumericFold(reference: numericReference, unarchiving: &reader)
            sparse = nil
        case (3, .numeric(let numericReference)):
            sparse = try SparseNumericFold(reference: numericReference, unarchiving: &reader)
        case (2, .categorical(let categoricalReference)):
            categorical = try CategoricalFold(reference: categoricalReference, unarchiving: &reader)
        default:
            throw StateArchiveError(.otherReference, "a feature's state (kind \(kind)) is not of the reference's type")
        }
        mismatchedRows = try reader.nonNegative("a feature's mismatched rows")
        mismatchedUsable = try reader.nonNegative("a feature's mismatched values")
        switch try reader.byte() {
        case 0: mismatchedType = nil
        case 1: mismatchedType = "numeric"
        case 2: mismatchedType = "categorical"
        case let other: throw StateArchiveError(.corrupt, "a mismatched column type holds \(other)")
        }
    }
}
