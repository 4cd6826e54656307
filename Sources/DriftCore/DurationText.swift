import Foundation

/// Durations as configuration and rule files write them: a whole number and one unit, `500ms`, `30s`,
/// `5m`, `1h`, `7d` (API.md). No sign, no fraction, no unit combinations such as `1h30m`.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The longest duration accepted: 100 years of 365 days. Every configured duration is added to
    /// timestamps (windows, lateness, retention, repeat intervals); this bound keeps such sums far from
    /// overflowing a 64-bit count of milliseconds.
    public static let maximumMilliseconds: Int64 = 36_500 * 86_400_000

    /// The duration written as `text` (spaces around it ignored), in milliseconds; nil when it is not one
    /// or is longer than ``maximumMilliseconds``.
    public static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            // "5ms" also ends in "s": only accept when the rest is a plain number.
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(number)
            else { continue }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit.milliseconds)
            return overflow || product > maximumMilliseconds ? nil : product
        }
        return nil
    }

    /// `milliseconds` in the largest unit that divides it: `1h`, `15m`, `2d`, `90s`, `250ms`.
    public static func string(milliseconds: Int64) -> String {
        for unit in units.reversed().dropLast() where milliseconds >= unit.milliseconds
            && milliseconds % unit.milliseconds == 0
        {
            return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
        }
        return "\(milliseconds)ms"
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down; saturates at `Int64.max` (`Int64.min`).
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return seconds < 0 ? Int64.min : Int64.max }
        return fromSeconds + attoseconds / 1_000_000_000_000_000
    }

    /// The duration in milliseconds, with its fraction (for timings).
    public var fractionalMilliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }

    /// The duration in seconds, with its fraction (for timings).
    public var fractionalSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// As rule files write durations (``DurationText/string(milliseconds:)``).
    public var ruleText: String { DurationText.string(milliseconds: wholeMilliseconds) }
}
