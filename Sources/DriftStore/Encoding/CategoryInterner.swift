import Foundation

/// Dictionary-encodes category names that arrive as UTF-8 bytes, building a `String` only the first
/// time a category is seen.
///
/// A window read meets the same few categories over and over; hashing the raw bytes (FNV-1a) into an
/// open-addressing table and comparing bytes avoids one `String` allocation per value.
struct CategoryInterner {
    /// Distinct categories in order of first appearance; a code is an index into this array.
    private(set) var categories: [String] = []
    /// The UTF-8 bytes of each category, for comparison on a hash match.
    private var utf8OfCategory: [[UInt8]] = []
    /// Open-addressing table of codes (−1 = empty); its size is a power of two.
    private var table = [Int32](repeating: -1, count: 16)

    /// The code of the category whose UTF-8 bytes are `bytes`, adding it if new.
    mutating func code(utf8 bytes: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = table.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = table[index]
            if code < 0 { break }
            if Self.equal(utf8OfCategory[Int(code)], bytes) { return code }
            index = (index + 1) & mask
        }
        let code = Int32(categories.count)
        categories.append(String(decoding: bytes, as: UTF8.self))
        utf8OfCategory.append(Array(bytes))
        table[index] = code
        if categories.count * 2 > table.count { grow() }
        return code
    }

    /// The code of `name`, adding it if new.
    mutating func code(for name: String) -> Int32 {
        var name = name
        return name.withUTF8 { code(utf8: UnsafeRawBufferPointer($0)) }
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for (code, bytes) in utf8OfCategory.enumerated() {
            var index = bytes.withUnsafeBytes { Int(truncatingIfNeeded: Self.hash($0)) } & mask
            while table[index] >= 0 { index = (index + 1) & mask }
            table[index] = Int32(code)
        }
    }

    /// 64-bit FNV-1a.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func equal(_ stored: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard stored.count == bytes.count else { return false }
        guard !stored.isEmpty, let other = bytes.baseAddress else { return true }
        return stored.withUnsafeBytes { memcmp($0.baseAddress!, other, stored.count) == 0 }
    }
}
