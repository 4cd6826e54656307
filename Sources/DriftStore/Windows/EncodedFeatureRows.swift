package import DriftCore
package import DriftStats

/// A chunk's feature rows as the store keeps them (``FeatureRowCodec``), copied out of SQLite by the thread
/// that steps the statement and decoded into columns by the thread that takes the chunk
/// (``columns(schema:slots:)``): the reading thread, which a full pass waits on, only copies bytes.
/// (Splitting a chunk's features between two walks instead cost twice the walking: each walk steps over
/// every value of the other half.)
package struct EncodedFeatureRows: Sendable {
    /// Every row's bytes, one after another.
    private var bytes: [UInt8] = []
    /// Row i is `bytes[ends[i − 1] ..< ends[i]]` (from 0 for the first).
    private var ends: [Int] = []

    package init(reservingRows rows: Int) {
        ends.reserveCapacity(rows)
        // About 10 bytes per value of 25 features: the buffer grows past that if it must.
        bytes.reserveCapacity(rows * 256)
    }

    /// Rows appended.
    package var count: Int { ends.count }

    /// Appends one row's encoded bytes.
    package mutating func append(_ row: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: row)
        ends.append(bytes.count)
    }

    /// The rows decoded into one column per schema feature (``WindowColumnsBuilder``). A chunk of at least
    /// ``parallelRows`` rows is decoded on both cores, each half of the rows by one, and the halves joined
    /// (``CategoricalColumn/appending(_:)`` for categories), so every column is the one a single walk over
    /// the rows builds.
    /// - Throws: ``StoreError/Code/corruptData`` for a row the codec cannot read.
    package func columns(schema: ModelSchema, slots: [String: Int]) throws(StoreError) -> [ColumnValues] {
        guard count >= Self.parallelRows, ForkJoin.processorCount > 1 else {
            return try decode(rows: 0..<count, schema: schema, slots: slots)
        }
        let halves = [0..<(count / 2), (count / 2)..<count]
        var decoded = [Result<[ColumnValues], StoreError>](repeating: .success([]), count: 2)
        decoded.withUnsafeMutableBufferPointer { decoded in
            ForkJoin.forEach(2, width: 2) { half in
                decoded[half] = Result { () throws(StoreError) in
                    try decode(rows: halves[half], schema: schema, slots: slots)
                }
            }
        }
        let first = try decoded[0].get()
        let second = try decoded[1].get()
        return zip(first, second).map { Self.joined($0, $1) }
    }

    /// Chunks of at least this many rows are decoded on both cores: a full pass's chunks (65,536 rows). An
    /// incremental pass's 10,000 rows took longer split in two (43.7 ms a pass one walk, 52–54 split).
    static let parallelRows = 32_768

    /// The rows of `first` followed by those of `second`, both columns of the same feature.
    private static func joined(_ first: ColumnValues, _ second: ColumnValues) -> ColumnValues {
        switch (first, second) {
        case (.numeric(let head), .numeric(let tail)):
            return .numeric(head + tail)
        case (.categorical(let head), .categorical(let tail)):
            return .categorical(head.appending(tail))
        case (.numeric, .categorical), (.categorical, .numeric):
            // Both halves are decoded for the same schema, so a feature's two columns have its type.
            assertionFailure("the halves of a chunk decoded a feature as different types")
            return first
        }
    }

    private func decode(rows: Range<Int>, schema: ModelSchema, slots: [String: Int]) throws(StoreError)
        -> [ColumnValues]
    {
        var builder = WindowColumnsBuilder(schema: schema, slots: slots, expectedRows: rows.count)
        var failure: StoreError?
        bytes.withUnsafeBytes { bytes in
            var start = rows.lowerBound == 0 ? 0 : ends[rows.lowerBound - 1]
            for end in ends[rows] {
                do throws(StoreError) {
                    try builder.appendRow(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                } catch {
                    failure = error
                    return
                }
                start = end
            }
        }
        if let failure { throw failure }
        return builder.columns()
    }
}
