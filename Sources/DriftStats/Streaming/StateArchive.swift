/// Why an archived streaming state cannot be decoded: cut short, damaged, or written for another reference
/// or layout. Decoding never traps; every length is checked against the reference the state is decoded for.
public struct StateArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        /// The bytes end before the state does.
        public static let truncated = Code(rawValue: "truncated")
        /// A value is out of range or inconsistent with the rest (damaged bytes).
        public static let corrupt = Code(rawValue: "corrupt")
        /// The state was written against another reference (fingerprint, feature order, breakpoints, categories).
        public static let otherReference = Code(rawValue: "other_reference")
        /// Another magic number or format version: not a state this build writes.
        public static let unsupportedFormat = Code(rawValue: "unsupported_format")

        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String {
        "window state archive \(code): \(message); the state is rebuilt from the window's rows"
    }
}

/// Appends a state's fields as little-endian bytes: fixed-width integers and doubles, LEB128 varints for
/// counts, and sparse arrays (only the non-zero entries, by index gap) for the per-slot words that are
/// mostly zero.
public struct ArchiveWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func int64(_ value: Int64) { uint64(UInt64(bitPattern: value)) }

    /// A double by its bit pattern (NaN payloads and −0 survive).
    public mutating func double(_ value: Double) { uint64(value.bitPattern) }

    /// An unsigned LEB128 varint.
    public mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A count or length (≥ 0) as a varint; values that may be negative go through ``signed(_:)``.
    public mutating func count(_ value: Int) { varint(UInt64(clamping: value)) }

    /// A signed integer, zigzag-encoded as a varint.
    public mutating func signed(_ value: Int) {
        let wide = Int64(value)
        varint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    /// A UTF-8 string with its byte length.
    public mutating func string(_ value: String) {
        count(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    /// Doubles by bit pattern, with their count.
    public mutating func doubles(_ values: [Double]) {
        count(values.count)
        bytes.reserveCapacity(bytes.count + 8 * values.count)
        for value in values { double(value) }
    }

    /// Words with their count: when they are in ascending order (a column the fold sorted when its
    /// statistics were last taken) as varint gaps between neighbours, else as 8 bytes each. A sorted
    /// column of a million calibrated probabilities or latencies takes 1 to 3 bytes a word instead of 8.
    public mutating func words(_ values: [UInt64]) {
        let ascending = zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }
        bool(ascending)
        count(values.count)
        if ascending {
            var previous: UInt64 = 0
            for value in values {
                varint(value - previous)
                previous = value
            }
        } else {
            bytes.reserveCapacity(bytes.count + 8 * values.count)
            for value in values { uint64(value) }
        }
    }

    /// The non-zero entries of `values` (whose length the reader knows) as (gap since the previous one,
    /// value) varint pairs after their number.
    public mutating func sparse(_ values: some Collection<UInt64>) {
        count(values.lazy.filter { $0 != 0 }.count)
        var previous = -1
        for (index, value) in values.enumerated() where value != 0 {
            count(index - previous - 1)
            varint(value)
            previous = index
        }
    }
}

/// Reads what ``ArchiveWriter`` wrote, checking every length against the bytes left, so that a cut or
/// damaged archive throws ``StateArchiveError`` instead of reading out of bounds.
public struct ArchiveReader {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// The bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    private static let truncated = StateArchiveError(.truncated, "the archive ends before the state does")

    public mutating func byte() throws(StateArchiveError) -> UInt8 {
        guard offset < bytes.count else { throw Self.truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func bool() throws(StateArchiveError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw StateArchiveError(.corrupt, "a flag holds \(other)")
        }
    }

    public mutating func uint32() throws(StateArchiveError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw Self.truncated }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[offset + shift]) << (8 * shift) }
        offset += 4
        return value
    }

    public mutating func uint64() throws(StateArchiveError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw Self.truncated }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * shift) }
        offset += 8
        return value
    }

    public mutating func int64() throws(StateArchiveError) -> Int64 { Int64(bitPattern: try uint64()) }

    public mutating func double() throws(StateArchiveError) -> Double { Double(bitPattern: try uint64()) }

    /// An unsigned LEB128 varint of at most 10 bytes.
    public mutating func varint() throws(StateArchiveError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 63 || next <= 1 else { throw StateArchiveError(.corrupt, "a varint overflows 64 bits") }
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    /// A count no larger than `limit`.
    public mutating func count(limit: Int = Int.max) throws(StateArchiveError) -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else {
            throw StateArchiveError(.corrupt, "a count of \(value) exceeds its bound \(limit)")
        }
        return Int(value)
    }

    /// A count that must equal `expected` (a length the reference fixes): a different one means the state
    /// was written for another reference.
    public mutating func length(expected: Int, of what: String) throws(StateArchiveError) {
        let value = try varint()
        guard value == UInt64(expected) else {
            throw StateArchiveError(.otherReference, "\(what) has \(value) entries; the reference has \(expected)")
        }
    }

    /// A zigzag-encoded signed integer.
    public mutating func signed() throws(StateArchiveError) -> Int {
        let raw = try varint()
        let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        return Int(value)
    }

    /// A non-negative signed integer (a row count).
    public mutating func nonNegative(_ what: String) throws(StateArchiveError) -> Int {
        let value = try signed()
        guard value >= 0 else { throw StateArchiveError(.corrupt, "\(what) is negative (\(value))") }
        return value
    }

    public mutating func string() throws(StateArchiveError) -> String {
        let length = try count()
        guard length <= remaining else { throw Self.truncated }
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    /// Doubles written by ``ArchiveWriter/doubles(_:)``.
    public mutating func doubles() throws(StateArchiveError) -> [Double] {
        let count = try count()
        guard count <= remaining / 8 else { throw Self.truncated }
        var values: [Double] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try double()) }
        return values
    }

    /// Words written by ``ArchiveWriter/words(_:)``.
    public mutating func words() throws(StateArchiveError) -> [UInt64] {
        let ascending = try bool()
        let count = try count()
        // Every word takes at least one byte (a gap) or eight.
        guard count <= remaining / (ascending ? 1 : 8) else { throw Self.truncated }
        var values: [UInt64] = []
        values.reserveCapacity(count)
        if ascending {
            var previous: UInt64 = 0
            for _ in 0..<count {
                let (next, overflow) = previous.addingReportingOverflow(try varint())
                guard !overflow else { throw StateArchiveError(.corrupt, "an ascending column overflows 64 bits") }
                values.append(next)
                previous = next
            }
        } else {
            for _ in 0..<count { values.append(try uint64()) }
        }
        return values
    }

    /// A sparse array of `length` words written by ``ArchiveWriter/sparse(_:)``.
    public mutating func sparse(length: Int) throws(StateArchiveError) -> [UInt64] {
        var values = [UInt64](repeating: 0, count: length)
        try sparse(length: length) { index, value in values[index] = value }
        return values
    }

    /// The non-zero entries of a sparse array of `length` words, each passed to `body` with its index.
    public mutating func sparse(length: Int, _ body: (Int, UInt64) throws(StateArchiveError) -> Void)
        throws(StateArchiveError)
    {
        let entries = try count(limit: length)
        var index = -1
        for _ in 0..<entries {
            let gap = try count(limit: length)
            index += gap + 1
            guard index < length else {
                throw StateArchiveError(.corrupt, "a sparse entry at \(index) lies beyond its \(length) slots")
            }
            let value = try varint()
            guard value != 0 else { throw StateArchiveError(.corrupt, "a sparse entry holds zero") }
            try body(index, value)
        }
    }
}
