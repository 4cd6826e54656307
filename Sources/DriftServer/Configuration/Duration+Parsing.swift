import Foundation

/// Durations as configuration files write them: `500ms`, `30s`, `5m`, `1h`, `7d` (API.md).
public enum DurationText {
    /// Parses a duration into milliseconds; nil when the text is not a duration.
    public static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            // "5ms" also ends in "s": only accept when the rest is a plain number.
            guard !number.isEmpty, number.allSatisfy(\.isNumber), let value = Int64(number) else { continue }
            let (product, overflow) = value.multipliedReportingOverflow(by: scale)
            return overflow ? nil : product
        }
        return nil
    }
}
