import DriftServer
import DriftTestSupport
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// `../shared/golden/windows.json` end to end through the real HTTP API: the reference is uploaded as
/// CSV, labels and events are posted in several batches (a third of the labels before their events), the
/// background evaluation loop runs with an injected clock, and every field of `expected_windows` must match
/// `GET /v1/models/{model}/windows` within STATISTICS.md's tolerances.
@Suite struct GoldenWindowsAPITests {
    /// The golden file beside the checkout.
    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/golden/windows.json")

    @Test func goldenWindowsThroughTheAPI() async throws {
        let data = try Data(contentsOf: Self.goldenURL)
        let golden = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let expected = try #require(JSONValue.parse(data)["expected_windows"]?.array)
        let model = try #require(golden["model"] as? String)
        let events = try #require(golden["events"] as? [Any])
        let labels = try #require(golden["labels"] as? [Any])
        let lastEnd = try #require(expected.last?["end"]?.string)
        let clockTime = try #require(ISO8601DateFormatter().date(from: lastEnd)).timeIntervalSince1970 * 1000 + 600_000
        let now: @Sendable () -> Int64 = { Int64(clockTime) }
        let referenceCSV = try #require(golden["reference_csv"] as? String)
        let threshold = golden["drift_threshold"] as? Double
        func json(_ items: ArraySlice<Any>) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: Array(items)), as: UTF8.self)
        }
        let early = labels.count / 3
        let earlyLabels = try json(labels[0..<early])
        let lateLabels = try json(labels[early...])
        // Events in batches of 200, the last batch first.
        let eventBatches = try stride(from: 0, to: events.count, by: 200).reversed().map {
            try json(events[$0..<min($0 + 200, events.count)])
        }
        let eventCount = events.count

        try await withLiveServer(
            configure: { configuration in
                configuration.evaluationIntervalMilliseconds = 50
                configuration.modelDefaults.driftThreshold = threshold
            }, now: now
        ) { client, _ in
            let upload = try await client.uploadReference(model, csv: referenceCSV)
            #expect(upload.status == .created)
            func post(_ path: String, _ body: String) async throws -> Int {
                let response = try await client.postJSON("/v1/models/\(model)/\(path)", body)
                #expect(response.status == .accepted, "\(path): \(String(buffer: response.body))")
                return try jsonObject(response)["accepted"] as? Int ?? 0
            }
            _ = try await post("labels", earlyLabels)
            var accepted = 0
            for batch in eventBatches { accepted += try await post("events", batch) }
            #expect(accepted == eventCount)
            _ = try await post("labels", lateLabels)

            // The loop evaluates every 50 ms; windows evaluated before the last batch are re-evaluated.
            var problems: [String] = ["not evaluated yet"]
            let deadline = Date().addingTimeInterval(30)
            while !problems.isEmpty && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                let response = try await client.execute(uri: "/v1/models/\(model)/windows", method: .get)
                guard response.status == .ok else { continue }
                let windows = try JSONValue.parse(Data(buffer: response.body))["windows"]
                problems = GoldenComparison.differences(expected: .array(expected), actual: windows)
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
