/// A time written as text outside a JSON body (a query parameter, a command-line option): an RFC 3339
/// string, or Unix seconds in JSON number syntax. The same parsers as event timestamps, with the same
/// range (1970-01-01 to 9999-12-31), so no input can overflow a conversion.
public enum TimeText {
    /// Milliseconds since the Unix epoch, or why `text` is not a time.
    public static func milliseconds(_ text: String) -> Result<Int64, TimestampError> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            let view = UnsafeBufferPointer(buffer)
            return isJSONNumber(view) ? UnixSeconds.milliseconds(view) : RFC3339.parse(view)
        }
    }

    /// Whether `bytes` match RFC 8259's number grammar: `-? int frac? exp?`.
    static func isJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        guard digits() > 0 else { return false }
        if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
