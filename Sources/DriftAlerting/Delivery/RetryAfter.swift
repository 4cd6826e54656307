import Foundation

/// The value of a `Retry-After` response header: how long the receiver asks us to wait.
///
/// RFC 9110, section 10.2.3: `Retry-After = HTTP-date / delay-seconds`. An HTTP-date (section 5.6.7) is
/// normally an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`); recipients must also accept the obsolete
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms, and this
/// parser does. The day name is not checked against the date.
public enum RetryAfter: Sendable, Hashable {
    /// `delay-seconds`: wait this many seconds from the answer.
    case seconds(Int64)
    /// An HTTP-date: wait until this time (milliseconds since the Unix epoch).
    case date(Int64)

    /// Parses a header value; nil when it is neither a non-negative integer nor an HTTP-date.
    public init?(headerValue: String) {
        let text = headerValue.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            // Absurdly long digit strings saturate rather than fail: the delay is capped by the policy anyway.
            self = .seconds(Int64(text) ?? Int64.max / 1_000)
        } else if let date = Self.httpDate(text) {
            self = .date(date)
        } else {
            return nil
        }
    }

    /// The wait in milliseconds counted from `now` (ms since the Unix epoch); never negative.
    public func delay(now: Int64) -> Int64 {
        switch self {
        case .seconds(let seconds):
            let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
            return overflow ? Int64.max : milliseconds
        case .date(let date): return max(0, date - now)
        }
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Milliseconds since the Unix epoch of an HTTP-date in any of its three forms, nil when malformed.
    static func httpDate(_ text: String) -> Int64? {
        let tokens = text.split(separator: " ").map(String.init)
        let day: Int?, month: Int?, year: Int?, time: String
        switch tokens.count {
        case 6 where tokens[0].hasSuffix(",") && tokens[5] == "GMT":
            // IMF-fixdate: day-name "," SP date1 SP time-of-day SP GMT, date1 = day SP month SP year.
            (day, month, year, time) = (Int(tokens[1]), monthNumber(tokens[2]), Int(tokens[3]), tokens[4])
        case 4 where tokens[0].hasSuffix(",") && tokens[3] == "GMT":
            // RFC 850: day-name-l "," SP date2 SP time-of-day SP GMT, date2 = day "-" month "-" 2DIGIT.
            let parts = tokens[1].split(separator: "-").map(String.init)
            guard parts.count == 3, parts[2].count == 2, let shortYear = Int(parts[2]) else { return nil }
            // RFC 9110 reads a two-digit year that looks more than 50 years ahead as the past century; with
            // no clock here, 70–99 are read as 19xx and 00–69 as 20xx (any such date is long past anyway).
            let fullYear = shortYear + (shortYear < 70 ? 2000 : 1900)
            (day, month, year, time) = (Int(parts[0]), monthNumber(parts[1]), fullYear, tokens[2])
        case 5:
            // asctime: day-name SP month SP ( 2DIGIT / ( SP DIGIT )) SP time-of-day SP year.
            (day, month, year, time) = (Int(tokens[2]), monthNumber(tokens[1]), Int(tokens[4]), tokens[3])
        default:
            return nil
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let day, let month, let year, time.count == 8, clock.count == 3, (1...31).contains(day),
            (1...9999).contains(year), (0...23).contains(clock[0]), (0...59).contains(clock[1]),
            (0...60).contains(clock[2])
        else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
            + Int64(clock[0] * 3_600 + clock[1] * 60 + clock[2])
        return seconds * 1_000
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name).map { $0 + 1 }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date: Howard Hinnant's `days_from_civil`
    /// ("chrono-Compatible Low-Level Date Algorithms"), which shifts the year to start in March so that the
    /// leap day comes last, then counts whole 400-year eras.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Character {
    /// `0`–`9` only (not other Unicode digits).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
