/// Strict UTF-8 (RFC 3629 §4): well-formed sequences only — no overlong forms, no encoded
/// surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequences.
enum UTF8Sequence {
    /// The length (2–4) of the valid sequence whose lead byte is at `start` (a non-ASCII byte),
    /// or nil when the bytes there are not valid UTF-8. Reads at most `available` bytes.
    @inline(__always)
    static func validLength(_ start: UnsafePointer<UInt8>, available: Int) -> Int? {
        let lead = start[0]
        // Number of bytes and the range allowed for the second byte (RFC 3629 §4 table).
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return nil
        }
        guard available >= length else { return nil }
        let second = start[1]
        guard second >= low && second <= high else { return nil }
        if length > 2 && start[2] & 0xC0 != 0x80 { return nil }
        if length > 3 && start[3] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// The number of Unicode scalars in valid UTF-8: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
