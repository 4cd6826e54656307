import DriftCore

/// A chunk's feature rows as the store keeps them (``FeatureRowCodec``), copied out of SQLite by the thread
/// that steps the statement and decoded into columns by the thread that takes the chunk
/// (``ChunkDecoder``): the reading thread, which a full pass waits on, only copies bytes.
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

    /// Empties the rows, keeping the buffers for the next chunk's.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Appends `rows` to `builder`, one row after another.
    /// - Throws: ``StoreError/Code/corruptData`` for a row the codec cannot read.
    func decode(rows: Range<Int>, into builder: inout WindowColumnsBuilder) throws(StoreError) {
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
    }
}
