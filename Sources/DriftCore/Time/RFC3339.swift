/// Driftwatch's one codec between timestamps and text. A timestamp is, everywhere in Driftwatch (events,
/// windows, alerts, the store), an `Int64` of milliseconds since the Unix epoch in UTC; this is the only
/// place that writes or reads it as RFC 3339 (§5.6) text, and ``WallClock`` the only place that reads
/// the time of day.
///
/// Written form: `2026-01-05T01:00:00Z`, with `.sss` milliseconds only when they are not zero.
/// Read forms: see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``.
public enum RFC3339 {
    /// The RFC 3339 text of `milliseconds` in UTC, years 0000–9999.
    public static func string(milliseconds: Int64) -> String {
        let days = CivilTime.floorDivide(milliseconds, CivilTime.millisecondsPerDay)
        let inDay = milliseconds - days * CivilTime.millisecondsPerDay
        let (year, month, day) = CivilTime.civil(fromDays: days)
        let seconds = inDay / 1_000
        var text =
            pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(seconds / 3_600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if inDay % 1_000 != 0 { text += "." + pad(inDay % 1_000, 3) }
        return text + "Z"
    }

    /// The milliseconds `text` names, or why it is not an RFC 3339 date-time of 1970…9999.
    public static func parse(_ text: String) -> Result<Int64, TimestampError> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// The milliseconds `text` names; nil when ``parse(_:)-(String)`` refuses it.
    public static func milliseconds(_ text: String) -> Int64? {
        try? parse(text).get()
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
