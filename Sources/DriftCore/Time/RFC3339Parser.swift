extension RFC3339 {
    /// Parses an RFC 3339 date-time (§5.6) into milliseconds since the Unix epoch.
    ///
    /// Accepted: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, with `t`/`z` in either case and a
    /// space allowed instead of `T` (both permitted by the note in §5.6). The fraction may have any
    /// number of digits; digits past milliseconds are truncated (toward the past). A leap second
    /// (`:60`) counts as the first second of the next minute, as POSIX time does. `-00:00` means UTC.
    /// Dates are checked (no February 30th); the result must lie in 1970-01-01T00:00:00Z …
    /// 9999-12-31T23:59:59.999Z.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Result<Int64, TimestampError> {
        var reader = FixedReader(bytes: text)
        guard let year = reader.digits(4), reader.skip(UInt8(ascii: "-")),
            let month = reader.digits(2), reader.skip(UInt8(ascii: "-")),
            let day = reader.digits(2)
        else { return .failure(malformed()) }
        guard let separator = reader.next(), separator | 0x20 == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else {
            return .failure(
                TimestampError(
                    reason: reader.atEnd
                        ? "the timestamp has a date but no time; send a full date-time such as \"2026-01-05T01:00:00Z\""
                        : malformed().reason))
        }
        guard let hour = reader.digits(2), reader.skip(UInt8(ascii: ":")),
            let minute = reader.digits(2), reader.skip(UInt8(ascii: ":")),
            let second = reader.digits(2)
        else { return .failure(malformed()) }

        var millisecond = 0
        if reader.skip(UInt8(ascii: ".")) {
            var digitCount = 0
            while let digit = reader.digit() {
                if digitCount < 3 { millisecond = millisecond * 10 + digit }
                digitCount += 1
            }
            guard digitCount > 0 else {
                return .failure(TimestampError(reason: "a decimal point in the time must be followed by digits"))
            }
            for _ in digitCount..<max(digitCount, 3) { millisecond *= 10 }
        }

        guard let designator = reader.next() else {
            return .failure(TimestampError(reason: "the timestamp has no time-zone offset; add Z for UTC (or ±HH:MM)"))
        }
        var offsetMinutes = 0
        switch designator {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            break
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let offsetHour = reader.digits(2), reader.skip(UInt8(ascii: ":")), let offsetMinute = reader.digits(2)
            else {
                return .failure(
                    TimestampError(reason: "the time-zone offset must be written ±HH:MM (for example +02:00) or Z"))
            }
            guard offsetHour <= 23, offsetMinute <= 59 else {
                return .failure(TimestampError(reason: "the time-zone offset is out of range (at most ±23:59)"))
            }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (designator == UInt8(ascii: "-") ? -1 : 1)
        default:
            return .failure(malformed())
        }
        guard reader.atEnd else {
            return .failure(TimestampError(reason: "unexpected characters after the time-zone offset"))
        }

        guard (1...12).contains(month) else {
            return .failure(TimestampError(reason: "month \(month) is out of range (01–12)"))
        }
        guard day >= 1 && day <= CivilTime.daysIn(month: Int64(month), year: Int64(year)) else {
            return .failure(
                TimestampError(reason: "day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)"))
        }
        guard hour <= 23 else { return .failure(TimestampError(reason: "hour \(hour) is out of range (00–23)")) }
        guard minute <= 59 else {
            return .failure(TimestampError(reason: "minute \(minute) is out of range (00–59)"))
        }
        guard second <= 60 else {
            return .failure(TimestampError(reason: "second \(second) is out of range (00–60)"))
        }

        let days = CivilTime.daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        let result = seconds * 1000 + Int64(millisecond)
        guard result >= 0 else {
            return .failure(TimestampError(reason: "the timestamp is before 1970-01-01T00:00:00Z"))
        }
        guard result < CivilTime.endOfYear9999Milliseconds else {
            return .failure(TimestampError(reason: "the timestamp is after 9999-12-31T23:59:59.999Z"))
        }
        return .success(result)
    }

    private static func malformed() -> TimestampError {
        TimestampError(
            reason:
                "expected an RFC 3339 date-time such as \"2026-01-05T01:00:00Z\" or \"2026-01-05T02:00:00.250+01:00\"")
    }
}

/// Reads fixed-width fields from a short byte string.
private struct FixedReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index >= bytes.count }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    /// Exactly `count` digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
