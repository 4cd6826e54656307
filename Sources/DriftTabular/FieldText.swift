/// Byte-level helpers for one field's raw bytes (as stored in the input, quotes included).
enum FieldText {
    /// Calls `body` with the field's value: the raw bytes themselves for an unquoted field, or
    /// the unescaped content (outer quotes removed, `""` → `"`) in `scratch` for a quoted one.
    ///
    /// A raw field starting with `"` is always quoted and ends with its closing quote: the
    /// scanner guarantees it.
    @inline(__always)
    static func withUnescaped<R>(
        _ start: UnsafePointer<UInt8>, count: Int, scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        guard count >= 2 && start[0] == ASCII.quote else {
            return body(UnsafeBufferPointer(start: start, count: count))
        }
        scratch.removeAll(keepingCapacity: true)
        var index = 1
        let end = count - 1
        while index < end {
            let byte = start[index]
            scratch.append(byte)
            index += byte == ASCII.quote ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer(body)
    }

    /// The case-insensitive markers a numeric column treats as missing (after trimming ASCII
    /// spaces and tabs, like numbers): the empty string, `NA`, `N/A`, `#N/A`, `<NA>`, `null`,
    /// `None`. (`NaN`, with any sign, parses as a number that is NaN, which is also missing.)
    static let missingMarkers: [[UInt8]] = ["na", "n/a", "#n/a", "<na>", "null", "none"].map { Array($0.utf8) }

    /// Whether the bytes are a missing-value marker for numeric columns (see ``missingMarkers``).
    static func isMissingMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var end = bytes.count
        while start < end && DecimalParser.isBlank(bytes[start]) { start += 1 }
        while end > start && DecimalParser.isBlank(bytes[end - 1]) { end -= 1 }
        if start == end { return true }
        let length = end - start
        guard length <= 4 else { return false }
        outer: for marker in missingMarkers where marker.count == length {
            for offset in 0..<length {
                let byte = bytes[start + offset]
                let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                if lowered != marker[offset] { continue outer }
            }
            return true
        }
        return false
    }
}
