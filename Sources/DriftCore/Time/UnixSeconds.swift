/// Converts a JSON number of Unix seconds into milliseconds, exactly from its decimal digits.
///
/// Going through a `Double` would misplace fractions: `1767225600.123` is stored as
/// `1767225600.1229999…`. Instead the digits are shifted by the exponent plus three places and
/// truncated, so the result is `⌊seconds × 1000⌋` exactly, the same rule as for the fraction of
/// an RFC 3339 string. The result must lie in 1970 … 9999 (like ``RFC3339``).
public enum UnixSeconds {
    /// `number` must already match the RFC 8259 number grammar.
    public static func milliseconds(_ number: UnsafeBufferPointer<UInt8>) -> Result<Int64, TimestampError> {
        var index = 0
        let negative = number.first == UInt8(ascii: "-")
        if negative { index += 1 }
        // Significant digits (leading zeros dropped) and how many of them follow the decimal point.
        var digits: [UInt8] = []
        var fractionDigits = 0
        var inFraction = false
        while index < number.count {
            let byte = number[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if !(digits.isEmpty && byte == UInt8(ascii: "0")) { digits.append(byte - UInt8(ascii: "0")) }
                if inFraction { fractionDigits += 1 }
            } else {
                break
            }
            index += 1
        }
        var exponent = 0
        if index < number.count {
            // [eE][+-]?digits — saturated: anything this large is out of range anyway.
            index += 1
            var exponentNegative = false
            if number[index] == UInt8(ascii: "-") || number[index] == UInt8(ascii: "+") {
                exponentNegative = number[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < number.count {
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(number[index] - UInt8(ascii: "0")) }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard !digits.isEmpty else { return .success(0) }
        guard !negative else {
            return .failure(TimestampError(reason: "Unix seconds must not be negative (before 1970-01-01T00:00:00Z)"))
        }
        // value = digits × 10^(exponent − fractionDigits); milliseconds keep `integerCount` digits.
        let integerCount = digits.count + exponent - fractionDigits + 3
        guard integerCount <= 16 else { return .failure(tooLate()) }
        guard integerCount > 0 else { return .success(0) }
        var result: Int64 = 0
        for position in 0..<integerCount {
            result = result * 10 + Int64(position < digits.count ? digits[position] : 0)
        }
        guard result < CivilTime.endOfYear9999Milliseconds else { return .failure(tooLate()) }
        return .success(result)
    }

    private static func tooLate() -> TimestampError {
        TimestampError(
            reason: "Unix seconds beyond 9999-12-31; if this is milliseconds, divide by 1000 or send an RFC 3339 string"
        )
    }
}
