/// The serving latency of a window's events (API.md, "Serving metrics and model status"): how many
/// events carried `latency_ms`, their mean, the 50th, 90th and 99th percentiles and the maximum, in
/// milliseconds.
///
/// Percentiles are numpy's default (`numpy.percentile(x, q)`, method `linear`): Hyndman & Fan (1996)
/// definition 7, linear interpolation between order statistics at position (n − 1)·q/100. The mean is
/// the correctly rounded sum divided by n (``ExactSum``), so it does not depend on the events' order and
/// agrees with numpy's pairwise `mean` to within its few-ulp error.
public struct LatencySummary: Sendable, Equatable, Codable {
    /// Events that carried a latency.
    public var count: Int
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double

    public init(count: Int, mean: Double, p50: Double, p90: Double, p99: Double, max: Double) {
        self.count = count
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
    }

    /// The summary of `latencies` (milliseconds, in any order), or nil when there is none — the window
    /// then omits `latency`. Values must be finite and ≥ 0 (ingestion refuses others); any that are not
    /// are left out rather than poisoning the percentiles.
    public init?(latencies: [Double]) {
        var sorted = latencies.filter { $0.isFinite && $0 >= 0 }
        guard !sorted.isEmpty else { return nil }
        // O(n log n) over one window's latencies: a window of 1M events sorts in well under a second.
        sorted.sort()
        var sum = ExactSum()
        for value in sorted { sum.add(value) }
        let percentiles = sorted.withUnsafeBufferPointer { buffer in
            (
                Quantile.type7(sorted: buffer, q: 0.5), Quantile.type7(sorted: buffer, q: 0.9),
                Quantile.type7(sorted: buffer, q: 0.99)
            )
        }
        self.init(
            count: sorted.count, mean: sum.value / Double(sorted.count), p50: percentiles.0, p90: percentiles.1,
            p99: percentiles.2, max: sorted[sorted.count - 1])
    }
}

/// Events per second of a window (API.md): the events in the window divided by the window's length in
/// seconds — the nominal length, also for a partial (still open) window, so that an open window's
/// throughput grows as its events arrive.
public enum Throughput {
    /// `events` / (`windowMilliseconds` / 1000); 0 for a window of no length.
    public static func perSecond(events: Int, windowMilliseconds: Int64) -> Double {
        guard windowMilliseconds > 0 else { return 0 }
        return Double(events) / (Double(windowMilliseconds) / 1_000)
    }
}
