/// "SIMD within a register" helpers: byte-parallel tests on eight bytes loaded as a
/// little-endian `UInt64` (byte 0 of the input is the least significant byte).
enum SWAR {
    @inline(__always) static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inline(__always) static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The word with every byte equal to `byte`.
    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 { ones &* UInt64(byte) }

    /// A word whose lowest set bit (if any) is the high bit of the first zero byte of `word`.
    /// Bits above the first zero byte may be spurious (borrows), bits below never are.
    @inline(__always)
    static func firstZeroByteMarker(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// The high bit of every byte of `word` that is non-zero; exact for all bytes (no carries:
    /// `(b & 0x7F) + 0x7F ≤ 0xFE`).
    @inline(__always)
    static func nonZeroBytes(_ word: UInt64) -> UInt64 {
        (((word & ~highBits) &+ ~highBits) | word) & highBits
    }

    /// Whether all eight bytes are ASCII digits.
    ///
    /// A digit `b` satisfies `b + 0x46 < 0x80` and `b − 0x30 ≥ 0` without carry or borrow, so
    /// both high bits stay clear. Take the first byte that is not a digit: all bytes below it
    /// are digits, so no carry or borrow reaches it, and it sets a high bit (`b < 0x30` borrows
    /// to ≥ 0xD0; `0x3A ≤ b < 0xBA` gives `b + 0x46 ≥ 0x80`; `b ≥ 0xBA` gives `b − 0x30 ≥ 0x8A`).
    @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        ((word &+ broadcast(0x46)) | (word &- broadcast(0x30))) & highBits == 0
    }

    /// The value of eight ASCII digits, the first (lowest-addressed) being the most significant.
    ///
    /// Step 1 turns adjacent digit pairs into 2-digit values in the even bytes:
    /// `10·d[2i] + d[2i+1]`. Step 2 combines 2-digit pairs in 16-bit lanes, step 3 the two
    /// 4-digit halves; each intermediate fits its lane, and bits carried out of the top are
    /// discarded by the wrapping multiplication.
    @inline(__always)
    static func valueOfEightDigits(_ word: UInt64) -> UInt64 {
        var value = word &- broadcast(0x30)
        value = (value &* 10) &+ (value >> 8)
        value = ((value & 0x00FF_00FF_00FF_00FF) &* (100 << 16 | 1)) >> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 | 1)) >> 32
        return value
    }
}
