extension SparseNumericFold {
    /// Writes the fold's rows and finite values (the reference is not written: the reader supplies it).
    public func archive(into writer: inout ArchiveWriter) {
        writer.signed(rows)
        withValues { values in
            writer.count(values.count)
            for value in values { writer.double(value) }
        }
    }

    /// Reads a fold written by ``archive(into:)`` against `reference`, folding the values again (so the
    /// counts derived from them are recomputed, not trusted).
    /// - Throws: ``StateArchiveError`` when the bytes end early, or hold more values than the reference's
    ///   capacity or the rows, or a value that is not finite.
    public init(reference: NumericReference, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init(reference: reference)
        let rows = try reader.nonNegative("a sparse numeric fold's rows")
        let values = try reader.doubles()
        guard values.count <= capacity, values.count <= rows else {
            throw StateArchiveError(.corrupt, "a sparse numeric fold holds \(values.count) values for \(rows) rows")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw StateArchiveError(.corrupt, "a sparse numeric fold holds a value that is not finite")
        }
        values.withUnsafeBufferPointer { add($0) }
        self.rows = rows
    }
}
