import DriftServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `latency_ms` posted with events comes back as each window's latency percentiles (numpy's type 7, from
/// the golden file `scripts/make_latency_golden.py` wrote with numpy) and throughput, through the live API.
@Suite("Serving latency in windows")
struct ServingLatencyAPITests {
    /// The golden cases of Tests/DriftStatsTests/Golden/latency.json.
    static func goldenCases() throws -> [[String: Any]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DriftStatsTests/Golden/latency.json")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return document?["cases"] as? [[String: Any]] ?? []
    }

    @Test("each window reports the latency percentiles numpy gives and events per second", arguments: [3, 4, 6])
    func latencyThroughTheAPI(caseIndex: Int) async throws {
        let cases = try Self.goldenCases()
        try #require(cases.count > caseIndex)
        let golden = cases[caseIndex]
        let latencies = try #require(golden["latencies"] as? [Double])
        let name = golden["name"] as? String ?? "?"
        let expectedCount = golden["count"] as? Int
        var expected: [String: Double] = [:]
        for key in ["mean", "p50", "p90", "p99", "max"] {
            expected[key] = try #require((golden[key] as? NSNumber)?.doubleValue)
        }
        let goldenValues = expected
        try await withLiveServer(configure: { $0.evaluationIntervalMilliseconds = 100 }, now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            // Every latency in 2026-01-05T00:00–01:00, plus one event without a latency (left out).
            var events = latencies.enumerated().map { index, latency in
                let second = index % 3_600
                let time = String(format: "2026-01-05T00:%02d:%02dZ", second / 60, second % 60)
                return eventJSON("l\(index)", timestamp: time, extra: "") .replacingOccurrences(
                    of: #""score":0.8}"#, with: #""score":0.8,"latency_ms":\#(latency)}"#)
            }
            events.append(eventJSON("none", timestamp: "2026-01-05T00:30:00Z"))
            let posted = try await client.postJSON("/v1/models/fraud/events", "[\(events.joined(separator: ","))]")
            #expect(posted.status == .accepted)
            var window: [String: Any]?
            for _ in 0..<100 where window == nil {  // bounded: at most 10 s
                let response = try await client.execute(uri: "/v1/models/fraud/windows?from=2026-01-05T00:00:00Z", method: .get)
                let windows = (try jsonObject(response)["windows"] as? [[String: Any]]) ?? []
                window = windows.first { ($0["count"] as? Int) == latencies.count + 1 }
                if window == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let found = try #require(window)
            let latency = try #require(found["latency"] as? [String: Any])
            #expect(latency["count"] as? Int == expectedCount)
            for (key, value) in goldenValues {
                let actual = try #require((latency[key] as? NSNumber)?.doubleValue)
                #expect(abs(actual - value) <= 1e-12 * max(abs(value), 1), "\(name): \(key)")
            }
            let throughput = try #require((found["throughput_per_second"] as? NSNumber)?.doubleValue)
            #expect(abs(throughput - Double(latencies.count + 1) / 3_600) <= 1e-12)
        }
    }
}
