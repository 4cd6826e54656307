import Foundation

/// Driftwatch's one clock: the time of day as milliseconds since the Unix epoch (the timestamp of
/// ``RFC3339``). Services take a reading function (`now: @Sendable () -> Int64`) so that tests inject a
/// fixed or stepped time; every default is ``system``. Durations are measured with Swift's monotonic
/// `ContinuousClock`, never with this one.
public enum WallClock {
    /// Reads the system's wall clock, rounded down to the millisecond.
    public static let system: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
    }
}
