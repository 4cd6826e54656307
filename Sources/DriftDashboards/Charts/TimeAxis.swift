/// The shared horizontal axis of a model's charts: consecutive window slots of equal length, the first
/// starting at ``start``. Slot *i* covers [start + i·step, start + (i+1)·step); a window is drawn in the
/// slot its start falls in, so a missing window leaves a visible gap.
struct TimeAxis: Sendable, Equatable {
    /// Start of slot 0, in milliseconds since the Unix epoch.
    var start: Int64
    /// Window length in milliseconds.
    var step: Int64
    /// Number of slots.
    var slots: Int

    /// End of the last slot.
    var end: Int64 { start + Int64(slots) * step }

    /// The slot of a window starting at `time` (rounded to the nearest slot boundary).
    func slot(of time: Int64) -> Int {
        let offset = Double(time - start) / Double(step)
        return Int(offset.rounded())
    }

    /// Where `time` lies, in slots from the axis start (fractional between boundaries).
    func position(of time: Int64) -> Double {
        Double(time - start) / Double(step)
    }

    /// Tick times and labels, at most `maximum` of them, at round UTC intervals (hours, days, weeks).
    func ticks(maximum: Int) -> [(time: Int64, label: String)] {
        let hour: Int64 = 3_600_000
        let day = 24 * hour
        let intervals: [Int64] = [
            60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day,
            7 * day, 14 * day, 28 * day, 91 * day, 364 * day,
        ]
        let span = max(end - start, 1)
        let interval = intervals.first { span / $0 < Int64(max(maximum, 1)) } ?? intervals[intervals.count - 1]
        var time = (start / interval) * interval
        if time < start { time += interval }
        var ticks: [(Int64, String)] = []
        while time <= end && ticks.count <= maximum {
            ticks.append((time, label(time, interval: interval)))
            time += interval
        }
        return ticks
    }

    /// `01-05` for a day boundary when ticks are days apart, `13:00` within a day, `01-05 00:00` for a
    /// day boundary among hourly ticks.
    private func label(_ time: Int64, interval: Int64) -> String {
        let text = TextFormat.time(time)  // 2026-01-05 13:00 UTC
        let date = String(text.dropFirst(5).prefix(5))
        let clock = String(text.dropFirst(11).prefix(5))
        if interval >= 86_400_000 { return date }
        return clock == "00:00" ? date : clock
    }
}
