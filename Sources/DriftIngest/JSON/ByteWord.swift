/// Eight-bytes-at-a-time tests for the string scanner ("SIMD within a register"): a word is eight
/// input bytes loaded little-endian, so byte 0 of the input is the least significant byte.
enum ByteWord {
    @inline(__always) static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inline(__always) static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The word with every byte equal to `byte`.
    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 { ones &* UInt64(byte) }

    /// Loads eight bytes at `pointer`, unaligned.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// A word whose lowest set bit, if any, is the high bit of the first byte of `word` that
    /// ends or complicates a JSON string: `"`, `\`, a control character (`< 0x20`), or a
    /// non-ASCII byte (`≥ 0x80`).
    ///
    /// Each term is the classic "has a byte less than n" test, `(x − n·ones) & ~x & highBits`:
    /// exact for the first matching byte, possibly spurious only *above* a true match of the same
    /// term (borrows run upwards). So the lowest set bit of the union is always a true match.
    @inline(__always)
    static func stringSpecials(_ word: UInt64) -> UInt64 {
        let notWord = ~word
        let quote = (word ^ broadcast(0x22))
        let backslash = (word ^ broadcast(0x5C))
        let quotes = (quote &- ones) & ~quote
        let backslashes = (backslash &- ones) & ~backslash
        let controls = (word &- broadcast(0x20)) & notWord
        return (quotes | backslashes | controls | word) & highBits
    }

    /// A word whose lowest set bit, if any, is the high bit of the first byte of `word` that is
    /// not an ASCII digit.
    ///
    /// A digit `b` satisfies `b + 0x46 < 0x80` and `b − 0x30 ≥ 0` without carry or borrow, so both
    /// high bits stay clear; the first non-digit sets one (`b < 0x30` borrows to ≥ 0xD0,
    /// `0x3A ≤ b < 0xBA` gives `b + 0x46 ≥ 0x80`, `b ≥ 0xBA` gives `b − 0x30 ≥ 0x8A`), and no
    /// carry or borrow reaches it from the digits below.
    @inline(__always)
    static func nonDigits(_ word: UInt64) -> UInt64 {
        ((word &+ broadcast(0x46)) | (word &- broadcast(0x30))) & highBits
    }
}
