/// Appends the little-endian binary encodings the store uses for feature rows and reference profiles.
///
/// Integers are LEB128 varints (unsigned), doubles are 8 IEEE-754 bytes in little-endian order and
/// strings are a varint byte length followed by their UTF-8 bytes.
package struct ByteWriter {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Forgets the bytes written, keeping the allocated capacity for the next row.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Writes `value` as an unsigned LEB128 varint: 7 bits per byte, high bit set on all but the last.
    mutating func write(varint value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Writes a non-negative `Int` as a varint.
    mutating func write(count: Int) {
        precondition(count >= 0, "counts are non-negative")
        write(varint: UInt64(count))
    }

    /// Writes the 8 bytes of `value`'s bit pattern, least significant first.
    mutating func write(double value: Double) {
        let bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
    }

    /// Writes many doubles at once as consecutive little-endian Float64 values.
    mutating func write(doubles values: [Double]) {
        #if _endian(little)
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for value in values { write(double: value) }
        #endif
    }

    /// Writes the UTF-8 byte length of `text`, then its bytes.
    mutating func write(string text: String) {
        var text = text
        text.withUTF8 { utf8 in
            write(count: utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes a length-prefixed byte string.
    mutating func write(lengthPrefixed data: some Collection<UInt8>) {
        write(count: data.count)
        bytes.append(contentsOf: data)
    }
}
