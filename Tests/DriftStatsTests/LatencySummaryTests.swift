import DriftStats
import Foundation
import Testing

/// `Tests/DriftStatsTests/Golden/latency.json`, written by `scripts/make_latency_golden.py` with numpy.
private struct LatencyGolden: Decodable {
    struct Case: Decodable {
        var name: String
        var latencies: [Double]
        var count: Int
        var mean: Double
        var p50: Double
        var p90: Double
        var p99: Double
        var max: Double
    }

    var generator: String
    var cases: [Case]

    static func load() throws -> LatencyGolden {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/latency.json")
        return try JSONDecoder().decode(LatencyGolden.self, from: Data(contentsOf: url))
    }
}

@Suite("Latency percentiles and throughput")
struct LatencySummaryTests {
    /// |a − b| ≤ tolerance · max(|b|, 1e-300): percentiles are one interpolation of two order statistics,
    /// so they agree with numpy to a few ulps; the mean is a correctly rounded sum against numpy's
    /// pairwise one.
    private func close(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-13) -> Bool {
        abs(actual - expected) <= tolerance * Swift.max(abs(expected), 1e-300)
    }

    @Test("count, mean, p50, p90, p99 and max equal numpy's percentile (linear) on recorded samples")
    func golden() throws {
        let golden = try LatencyGolden.load()
        #expect(golden.cases.count >= 8)
        for sample in golden.cases {
            let summary = try #require(LatencySummary(latencies: sample.latencies), "\(sample.name)")
            #expect(summary.count == sample.count, "\(sample.name)")
            #expect(close(summary.mean, sample.mean), "\(sample.name): mean \(summary.mean) vs \(sample.mean)")
            #expect(close(summary.p50, sample.p50), "\(sample.name): p50 \(summary.p50) vs \(sample.p50)")
            #expect(close(summary.p90, sample.p90), "\(sample.name): p90 \(summary.p90) vs \(sample.p90)")
            #expect(close(summary.p99, sample.p99), "\(sample.name): p99 \(summary.p99) vs \(sample.p99)")
            #expect(summary.max == sample.max, "\(sample.name)")
        }
    }

    /// Definition 7 written out as Hyndman & Fan state it: Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]),
    /// h = (n − 1)p, 0-based — independent of the two-sided form the library uses.
    private func definition7(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        guard low + 1 < sorted.count else { return sorted[low] }
        return sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
    }

    @Test("percentiles agree with definition 7 written out, for random samples in any order")
    func independent() throws {
        var random = SplitMix64(seed: 14)
        for size in [1, 2, 3, 10, 99, 100, 101, 1_000, 4_321] {
            let values = (0..<size).map { _ in (random.nextUnit() * 300).rounded() / 4 }
            let summary = try #require(LatencySummary(latencies: values))
            for (p, actual) in [(0.5, summary.p50), (0.9, summary.p90), (0.99, summary.p99)] {
                #expect(close(actual, definition7(values, p), 1e-12), "n=\(size) p=\(p)")
            }
            let shuffled = LatencySummary(latencies: values.reversed())
            #expect(shuffled == summary, "order of events does not matter")
            #expect(summary.p50 <= summary.p90 && summary.p90 <= summary.p99 && summary.p99 <= summary.max)
        }
    }

    @Test("no latency means no summary; values that cannot be latencies are left out")
    func empty() {
        #expect(LatencySummary(latencies: []) == nil)
        #expect(LatencySummary(latencies: [.nan, -1, .infinity]) == nil)
        #expect(LatencySummary(latencies: [.nan, 4, -1])?.count == 1)
    }

    @Test("throughput is events over the window's length in seconds")
    func throughput() {
        #expect(Throughput.perSecond(events: 7_200, windowMilliseconds: 3_600_000) == 2)
        #expect(Throughput.perSecond(events: 0, windowMilliseconds: 60_000) == 0)
        #expect(Throughput.perSecond(events: 3, windowMilliseconds: 1_500) == 2)
        #expect(Throughput.perSecond(events: 5, windowMilliseconds: 0) == 0)
    }

    @Test("encodes as API.md names the fields")
    func json() throws {
        let data = try JSONEncoder().encode(LatencySummary(latencies: [1, 2, 3]))
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        #expect(keys == ["count", "max", "mean", "p50", "p90", "p99"])
    }
}
