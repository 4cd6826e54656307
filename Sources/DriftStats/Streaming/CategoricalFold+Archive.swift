extension CategoricalFold {
    /// Writes the fold's rows and its count per category, by category name.
    public func archive(into writer: inout ArchiveWriter) {
        writer.count(reference.categories.count)
        writer.signed(rows)
        writer.count(counts.count)
        for name in counts.keys.sorted() {
            writer.string(name)
            writer.signed(counts[name] ?? 0)
        }
    }

    /// Reads a fold written by ``archive(into:)`` against `reference`.
    /// - Throws: ``StateArchiveError`` when the bytes end early, are inconsistent, or were written for a
    ///   reference with another number of categories.
    public init(reference: CategoricalReference, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init(reference: reference)
        try reader.length(expected: reference.categories.count, of: "a categorical fold's reference categories")
        rows = try reader.nonNegative("a categorical fold's rows")
        let entries = try reader.count(limit: rows)
        var total = 0
        for _ in 0..<entries {
            let name = try reader.string()
            let count = try reader.nonNegative("a category's count")
            guard count > 0, counts.updateValue(count, forKey: name) == nil else {
                throw StateArchiveError(.corrupt, "category '\(name.prefix(40))' is repeated or empty")
            }
            total += count
        }
        guard total <= rows else { throw StateArchiveError(.corrupt, "a categorical fold counts more values than rows") }
    }
}
