/// Missing-value markers of numeric columns.
enum MissingMarkers {
    /// The case-insensitive markers a numeric column treats as missing (after trimming ASCII
    /// spaces and tabs, like numbers): the empty string, `NA`, `N/A`, `#N/A`, `<NA>`, `null`,
    /// `None`. (`NaN`, with any sign, parses as a number that is NaN, which is also missing.)
    static let markers: [[UInt8]] = ["na", "n/a", "#n/a", "<na>", "null", "none"].map { Array($0.utf8) }

    /// Whether the bytes are a missing-value marker for numeric columns (see ``markers``).
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var end = bytes.count
        while start < end && DecimalParser.isBlank(bytes[start]) { start += 1 }
        while end > start && DecimalParser.isBlank(bytes[end - 1]) { end -= 1 }
        if start == end { return true }
        let length = end - start
        guard length <= 4 else { return false }
        outer: for marker in markers where marker.count == length {
            for offset in 0..<length {
                let byte = bytes[start + offset]
                let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                if lowered != marker[offset] { continue outer }
            }
            return true
        }
        return false
    }

    /// The numeric value of an unescaped field: a number, NaN for missing, or `nil` when the
    /// field is neither. Every NaN is returned as the positive quiet NaN.
    @inline(__always)
    static func numericValue(_ value: UnsafeBufferPointer<UInt8>) -> Double? {
        if let number = DecimalParser.parse(value) { return number.isNaN ? .nan : number }
        return contains(value) ? .nan : nil
    }
}
