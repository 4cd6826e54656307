/// Durations as the rule files write them: a whole number and a unit, `500ms`, `30s`, `5m`, `1h`, `7d`
/// (API.md, "File shapes").
public enum RuleDuration {
    /// The duration written as `text`, or nil when it is not one (no sign, no fraction, no spaces
    /// inside, no unit combinations such as `1h30m`).
    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Int64, milliseconds: Int64)] = [
            ("ms", 0, 1), ("s", 1, 0), ("m", 60, 0), ("h", 3_600, 0), ("d", 86_400, 0),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            // "5ms" also ends in "s": only accept when what is left is a plain number.
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(digits)
            else { continue }
            if unit.milliseconds > 0 { return .milliseconds(count) }
            let (seconds, overflow) = count.multipliedReportingOverflow(by: unit.seconds)
            return overflow ? nil : .seconds(seconds)
        }
        return nil
    }
}
