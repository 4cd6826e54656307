/// Proleptic Gregorian calendar arithmetic for timestamps (UTC, no time zone database).
enum CivilTime {
    /// Milliseconds of 10000-01-01T00:00:00Z: the first instant RFC 3339 (four-digit years) cannot write.
    static let endOfYear9999Milliseconds: Int64 = 253_402_300_800_000

    /// Days from 1970-01-01 to `year-month-day` (valid date), after Howard Hinnant's
    /// `days_from_civil` ("chrono-Compatible Low-Level Date Algorithms").
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days in `month` of `year` (Gregorian leap years).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `milliseconds` (since the epoch, non-negative) as RFC 3339 UTC, e.g. `2026-01-05T01:00:00.250Z`.
    static func format(milliseconds: Int64) -> String {
        let (days, inDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        // Inverse of daysSinceEpoch (Hinnant's `civil_from_days`).
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let millisecond = Int(inDay % 1000)
        let second = Int(inDay / 1000 % 60)
        let minute = Int(inDay / 60_000 % 60)
        let hour = Int(inDay / 3_600_000)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if millisecond != 0 { text += "." + pad(millisecond, 3) }
        return text + "Z"
    }
}
