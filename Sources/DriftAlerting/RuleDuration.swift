import DriftCore

/// Durations as the rule files write them: a whole number and a unit, `500ms`, `30s`, `5m`, `1h`, `7d`
/// (API.md, "File shapes"); the same grammar as the server configuration (``DurationText``).
public enum RuleDuration {
    /// The duration written as `text`, or nil when it is not one.
    public static func parse(_ text: String) -> Duration? {
        DurationText.milliseconds(text).map(Duration.milliseconds)
    }
}
