@testable import DriftStats
import Foundation
import Testing

/// A window's latencies folded batch by batch (``LatencyFold``) give the summary of all of them at once:
/// numpy's on the golden samples, and ``LatencySummary/init(latencies:)``'s on random streams cut into
/// batches of any size, with runs merged or left apart.
@Suite("Latencies folded as they arrive")
struct LatencyFoldTests {
    /// The golden cases of `Golden/latency.json` (numpy), as ``LatencySummaryTests`` reads them.
    private static func goldenCases() throws -> [[String: Any]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/latency.json")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return document?["cases"] as? [[String: Any]] ?? []
    }

    /// `values` cut into batches of the sizes `sizes` gives in turn (the last batch takes the rest).
    private static func batches(_ values: [Double], sizes: [Int]) -> [[Double]] {
        var batches: [[Double]] = []
        var start = 0
        var turn = 0
        while start < values.count {
            let size = max(1, sizes[turn % sizes.count])
            batches.append(Array(values[start..<min(start + size, values.count)]))
            start += size
            turn += 1
        }
        return batches
    }

    @Test("numpy's percentiles of the golden samples, the values folded one at a time with runs kept apart")
    func golden() throws {
        let cases = try Self.goldenCases()
        #expect(cases.count >= 8)
        for sample in cases {
            let name = sample["name"] as? String ?? "?"
            let latencies = try #require(sample["latencies"] as? [Double])
            var fold = LatencyFold(largestMerge: 3)
            for value in latencies { fold.add([value]) }
            let summary = try #require(fold.summary(), "\(name)")
            #expect(summary.count == sample["count"] as? Int, "\(name)")
            for (key, value) in [("p50", summary.p50), ("p90", summary.p90), ("p99", summary.p99)] {
                let expected = try #require((sample[key] as? NSNumber)?.doubleValue)
                #expect(abs(value - expected) <= 1e-13 * max(abs(expected), 1e-300), "\(name): \(key)")
            }
            let mean = try #require((sample["mean"] as? NSNumber)?.doubleValue)
            #expect(abs(summary.mean - mean) <= 1e-13 * max(abs(mean), 1e-300), "\(name): mean")
            #expect(summary.max == (sample["max"] as? NSNumber)?.doubleValue, "\(name): max")
        }
    }

    @Test(
        "random streams in batches give the summary of all their values, bit for bit",
        arguments: [(seed: 1, largestMerge: 1 << 22), (seed: 2, largestMerge: 64), (seed: 3, largestMerge: 1)])
    func randomStreams(seed: Int, largestMerge: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        var values: [Double] = []
        for index in 0..<20_000 {
            // Ties (hundredths of a millisecond), a long tail, zeros and −0, and values that are left out.
            switch index % 50 {
            case 0: values.append(-0.0)
            case 1: values.append(.nan)
            case 2: values.append(-3)
            case 3: values.append(.infinity)
            case 4: values.append(0)
            default:
                let draw = Double.random(in: 0..<1, using: &generator)
                values.append(((seed == 2 ? 1e6 : 50) * draw * draw * draw * 100).rounded() / 100)
            }
        }
        let expected = try #require(LatencySummary(latencies: values))
        for sizes in [[1], [7, 300, 1, 4_096], [20_000], [1_000, 9_000, 13]] {
            var fold = LatencyFold(largestMerge: largestMerge)
            for batch in Self.batches(values, sizes: sizes) { fold.add(batch) }
            let summary = try #require(fold.summary())
            #expect(summary.count == expected.count)
            #expect(summary.mean.bitPattern == expected.mean.bitPattern, "\(sizes)")
            #expect([summary.p50, summary.p90, summary.p99] == [expected.p50, expected.p90, expected.p99], "\(sizes)")
            #expect(summary.max == expected.max)
            #expect(fold.ascending() == values.filter { $0.isFinite && $0 >= 0 }.map { $0 + 0 }.sorted())
            if largestMerge == 1 && sizes == [1] { #expect(fold.runCount == expected.count, "no run merged") }
            if largestMerge == 1 << 22 { #expect(fold.runCount <= 20, "runs merged like a binary counter") }
        }
    }

    @Test("latencies of few distinct values are held once each with their multiplicity")
    func fewDistinctValues() throws {
        // 200,000 latencies in whole hundredths of a millisecond between 2 and 12 ms: 1,001 distinct values.
        var generator = SystemRandomNumberGenerator()
        let values = (0..<200_000).map { _ in Double(Int.random(in: 200...1_200, using: &generator)) / 100 }
        var fold = LatencyFold()
        for batch in Self.batches(values, sizes: [10_000]) { fold.add(batch) }
        #expect(fold.entryCount <= 1_001 * fold.runCount && fold.runCount <= 5)
        #expect(fold.heldBytes < 200_000, "far below 8 bytes an event: \(fold.heldBytes)")
        #expect(fold.summary() == LatencySummary(latencies: values))
        #expect(fold.ascending() == values.sorted())
    }

    @Test("no latency, or none that counts, gives no summary")
    func empty() {
        var fold = LatencyFold()
        #expect(fold.summary() == nil)
        fold.add([.nan, -1, .infinity])
        #expect(fold.summary() == nil && fold.count == 0)
        #expect(LatencyFold(values: fold.ascending()).summary() == nil)
    }
}
