/// Converts milliseconds since the Unix epoch to and from RFC 3339 UTC text:
/// `2026-01-05T01:00:00Z`, with `.sss` milliseconds only when they are not zero.
///
/// Pure integer arithmetic on the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days` and
/// `days_from_civil`, "chrono-Compatible Low-Level Date Algorithms"), so the text does not depend on
/// locale, time zone or the Foundation version.
public enum RFC3339Time {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// The RFC 3339 text of `milliseconds` in UTC, years 0000–9999.
    public static func string(milliseconds: Int64) -> String {
        let days = floorDivide(milliseconds, millisecondsPerDay)
        let inDay = milliseconds - days * millisecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let seconds = inDay / 1_000
        var text =
            pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(seconds / 3_600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if inDay % 1_000 != 0 { text += "." + pad(inDay % 1_000, 3) }
        return text + "Z"
    }

    /// Reads the form ``string(milliseconds:)`` writes: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the fraction
    /// truncated to milliseconds. Nil for any other text.
    public static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"),
            bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]),
            let second = number(bytes[17..<19]),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 20 {
            // ".d…d" between the seconds and the "Z"; digits past the milliseconds are dropped.
            guard bytes.count >= 22, bytes[19] == UInt8(ascii: ".") else { return nil }
            let digits = bytes[20..<(bytes.count - 1)]
            guard digits.allSatisfy(isDigit), let kept = number(digits.prefix(3)) else { return nil }
            fraction = kept * [100, 10, 1][min(digits.count, 3) - 1]
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * millisecondsPerDay + ((hour * 60 + minute) * 60 + second) * 1_000 + fraction
    }

    /// (year, month, day) of the day `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to the given date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The decimal value of a few ASCII digits; nil if any byte is not a digit.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in digits {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
