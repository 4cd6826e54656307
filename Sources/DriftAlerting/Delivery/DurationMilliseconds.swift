extension Duration {
    /// The duration in whole milliseconds, rounded down; saturates at `Int64.max`.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return seconds < 0 ? Int64.min : Int64.max }
        return fromSeconds + attoseconds / 1_000_000_000_000_000
    }

    /// `1h`, `5m`, `30s` or `250ms`, whichever unit divides the duration, as rule files write durations.
    var ruleText: String {
        let ms = wholeMilliseconds
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where ms >= size && ms % size == 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }
}
