/// Growable column-major storage of field boundaries for the records of one chunk.
///
/// For a file with `C` columns each record stores `C + 1` offsets: `bound[c]` is the offset
/// of field `c`'s first byte (an opening quote included), and `bound[c + 1] − 1` is the offset
/// just past its last byte (a closing quote included) — for `c < C − 1` that is the comma,
/// for the last field the line end, which is why `bound[C]` stores "content end + 1".
/// Column `k` of the storage holds `bound[k]` for every record, contiguously, so that
/// extracting one CSV column reads two contiguous arrays.
///
/// The memory is manually managed (the scanner writes through raw pointers in its hot
/// loop); the owner calls ``deallocate()`` exactly once.
struct RecordBounds {
    /// Offsets per record: the column count plus one.
    let width: Int
    /// Records the storage can hold before growing.
    private(set) var capacity: Int
    /// Records stored.
    var count: Int = 0
    /// `width × capacity` offsets; offset `k` of record `r` is at `k * capacity + r`.
    private(set) var storage: UnsafeMutablePointer<UInt32>

    init(width: Int, capacity: Int) {
        self.width = width
        self.capacity = max(capacity, 16)
        self.storage = .allocate(capacity: width * self.capacity)
    }

    /// Doubles the capacity, keeping the stored records.
    mutating func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<UInt32>.allocate(capacity: width * newCapacity)
        for column in 0..<width {
            (newStorage + column * newCapacity).update(from: storage + column * capacity, count: count)
        }
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// Copies offset column `column` of all records to `destination`.
    func copyColumn(_ column: Int, to destination: UnsafeMutablePointer<UInt32>) {
        destination.update(from: storage + column * capacity, count: count)
    }

    func deallocate() {
        storage.deallocate()
    }
}
