import DriftCore
/// Reads the encodings written by ``ByteWriter`` from a borrowed buffer, checking every length so
/// that a damaged blob throws ``StoreError/Code/corruptData`` instead of reading out of bounds.
///
/// The reader does not own its bytes: use it only inside the closure that lends the buffer.
struct ByteReader {
    private let base: UnsafeRawBufferPointer
    /// Offset of the next unread byte.
    private(set) var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        base = buffer
    }

    /// True when every byte has been read.
    var isAtEnd: Bool { offset >= base.count }

    mutating func readByte() throws(StoreError) -> UInt8 {
        guard offset < base.count else { throw Self.truncated }
        defer { offset += 1 }
        return base[offset]
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint() throws(StoreError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw StoreError(.corruptData, "varint longer than 10 bytes") }
        }
    }

    /// Reads a varint that must fit a non-negative `Int` no larger than `limit`.
    mutating func readCount(limit: Int = Int.max) throws(StoreError) -> Int {
        let value = try readVarint()
        guard value <= UInt64(limit) else { throw StoreError(.corruptData, "count \(value) exceeds \(limit)") }
        return Int(value)
    }

    mutating func readDouble() throws(StoreError) -> Double {
        guard base.count - offset >= 8 else { throw Self.truncated }
        let bits = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// Reads `count` consecutive little-endian doubles in one copy.
    mutating func readDoubles(count: Int) throws(StoreError) -> [Double] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow, count >= 0, base.count - offset >= byteCount else { throw Self.truncated }
        let start = offset
        offset += byteCount
        #if _endian(little)
            return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: base[start..<(start + byteCount)]))
                initialized = count
            }
        #else
            return (0..<count).map { index in
                Double(
                    bitPattern: UInt64(
                        littleEndian: base.loadUnaligned(fromByteOffset: start + 8 * index, as: UInt64.self)))
            }
        #endif
    }

    /// Reads a length-prefixed byte string without copying it.
    mutating func readBytes() throws(StoreError) -> UnsafeRawBufferPointer {
        let length = try readCount(limit: base.count - offset)
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + length)])
    }

    /// Skips a length-prefixed byte string.
    mutating func skipBytes() throws(StoreError) {
        offset += try readCount(limit: base.count - offset)
    }

    /// Skips `count` raw bytes.
    mutating func skip(_ count: Int) throws(StoreError) {
        guard base.count - offset >= count else { throw Self.truncated }
        offset += count
    }

    /// Reads a length-prefixed UTF-8 string (invalid sequences become U+FFFD).
    mutating func readString() throws(StoreError) -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    private static let truncated = StoreError(.corruptData, "blob ends in the middle of a value")
}
