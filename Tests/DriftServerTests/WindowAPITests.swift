import DriftServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Events ingested over HTTP are evaluated in the background and served by `GET /windows`.
@Suite("Windows API")
struct WindowAPITests {
    @Test("A closed window is evaluated by the background loop and served with its statistics")
    func evaluatedWindow() async throws {
        try await withLiveServer(configure: { $0.evaluationIntervalMilliseconds = 100 }, now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            // 150 events in 2026-01-05T00:00–01:00, which closed long before the fixed clock's 12:00.
            let events = (0..<150).map { index in
                eventJSON("w\(index)", timestamp: "2026-01-05T00:\(String(format: "%02d", index % 60)):00Z",
                          amount: String(Double(index % 50) * 2.5 + 40), channel: index % 2 == 0 ? "\"web\"" : "\"ios\"")
            }
            #expect(try await client.postJSON("/v1/models/fraud/events", "[\(events.joined(separator: ","))]").status == .accepted)
            var windows: [[String: Any]] = []
            for _ in 0..<100 {  // bounded: at most 10 s
                let response = try await client.execute(uri: "/v1/models/fraud/windows?from=2026-01-05T00:00:00Z", method: .get)
                #expect(response.status == .ok)
                windows = (try jsonObject(response)["windows"] as? [[String: Any]]) ?? []
                if windows.contains(where: { ($0["count"] as? Int) == 150 }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let window = try #require(windows.first { ($0["count"] as? Int) == 150 })
            #expect(window["start"] as? String == "2026-01-05T00:00:00Z")
            #expect(window["end"] as? String == "2026-01-05T01:00:00Z")
            #expect(window["partial"] as? Bool == false)
            #expect(window["reference_version"] as? Int == 1)
            let features = try #require(window["features"] as? [String: [String: Any]])
            let amount = try #require(features["amount"])
            #expect(amount["type"] as? String == "numeric")
            #expect((amount["psi"] as? Double ?? -1) > 0.2, "amount was shifted upwards")
            #expect(amount["drift"] as? Bool == true)
            #expect(features["channel"]?["chi2"] != nil)
            // The loop exports gauges right after it has stored the results: wait for them (bounded).
            var metrics = ""
            for _ in 0..<50 where !metrics.contains("driftwatch_feature_psi") {
                metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(metrics.contains(#"driftwatch_feature_psi{model="fraud",feature="amount"}"#))
            #expect(metrics.contains(#"driftwatch_model_window_events{model="fraud"}"#))
            #expect(metrics.contains("driftwatch_evaluation_pass_duration_seconds_count"))
            let rowsLine = metrics.split(separator: "\n").first { $0.hasPrefix("driftwatch_evaluation_rows_read_total ") }
            let rows = rowsLine.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            #expect(rows >= 150, "the pass read the window's 150 rows")
            // The full pass saved the window's state for a restart or another replica.
            let savesLine = metrics.split(separator: "\n").first { $0.hasPrefix("driftwatch_evaluation_state_saves_total ") }
            #expect((savesLine.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0) >= 1)
            #expect(metrics.contains(#"driftwatch_evaluation_state_loads_total{outcome="loaded"}"#))
            #expect(metrics.contains(#"driftwatch_model_accuracy{model="fraud"}"#) == false, "no labels, no accuracy")
            // Scores and predictions, no labels: the estimate is exported (CBPE needs no labels).
            #expect(window["estimated_performance"] != nil)
            #expect(metrics.contains(#"driftwatch_model_estimated_accuracy{model="fraud"}"#))
            let unknown = try await client.execute(uri: "/v1/models/nobody/windows", method: .get)
            #expect(unknown.status == .notFound)
            let badQuery = try await client.execute(uri: "/v1/models/fraud/windows?from=yesterday", method: .get)
            #expect(badQuery.status == .badRequest)
        }
    }
}
