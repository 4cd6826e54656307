extension ExactSum {
    /// Writes the sum's partials (those in use), its non-finite sum, its plain sum and its overflow flag.
    func archive(into writer: inout ArchiveWriter) {
        writer.doubles(Array(partials.prefix(count)))
        writer.double(special)
        writer.double(naive)
        writer.bool(overflowed)
    }

    /// Reads a sum written by ``archive(into:)``.
    init(unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init()
        partials = try reader.doubles()
        guard partials.allSatisfy({ $0.isFinite && $0 != 0 }) else {
            throw StateArchiveError(.corrupt, "an exact sum holds a zero or non-finite partial")
        }
        count = partials.count
        special = try reader.double()
        naive = try reader.double()
        overflowed = try reader.bool()
    }
}
