/// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF,
/// no truncated sequences.
enum UTF8Validator {
    /// The offset of the first byte of the first invalid sequence, or `nil` if all is valid.
    static func firstInvalidOffset(_ start: UnsafePointer<UInt8>, count: Int) -> Int? {
        var index = 0
        while index < count {
            // Skip ASCII eight bytes at a time.
            while count - index >= 8,
                  UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self) & SWAR.highBits == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = start[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Continuation count and the allowed range of the second byte.
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard count - index >= length else { return index }
            let second = start[index + 1]
            guard second >= low && second <= high else { return index }
            for offset in 2..<max(length, 2) where start[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
