import DriftServer
import DriftTestSupport
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// `../shared/golden/cbpe.json` end to end through the real HTTP API: the over-confident reference is
/// uploaded as CSV (the server fits the calibration), the unlabelled events are posted in batches, the
/// evaluation loop runs with an injected clock, and each window's `estimated_performance` from
/// `GET /v1/models/{model}/windows` must match NannyML 0.13.1's CBPE within STATISTICS.md's tolerances
/// (1e-9 relative; ROC AUC 1e-6 absolute).
@Suite struct GoldenEstimatedPerformanceAPITests {
    /// The golden file beside the checkout.
    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/golden/cbpe.json")

    /// What is wrong with `actual` (a window from the API) against `expected` (a golden window).
    static func differences(expected: JSONValue, actual: JSONValue?) -> [String] {
        let start = expected["start"]?.string ?? "?"
        guard let actual else { return ["\(start): no such window"] }
        var problems: [String] = []
        if actual["count"]?.number != expected["count"]?.number {
            problems.append("\(start): count \(actual["count"] ?? .null), expected \(expected["count"] ?? .null)")
        }
        guard let estimate = actual["estimated_performance"] else {
            return problems + ["\(start): no estimated_performance"]
        }
        for (name, value) in expected["estimated_performance"]?.object ?? [:] {
            guard let wanted = value.number, let got = estimate[name]?.number else {
                problems.append("\(start): \(name) missing")
                continue
            }
            let allowed = name == "roc_auc" ? 1e-6 : 1e-9 * abs(wanted)
            if abs(got - wanted) > allowed { problems.append("\(start): \(name) = \(got), expected \(wanted)") }
        }
        return problems
    }

    @Test func goldenEstimatesThroughTheAPI() async throws {
        let data = try Data(contentsOf: Self.goldenURL)
        let golden = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let expected = try #require(JSONValue.parse(data)["expected_windows"]?.array)
        try #require(!expected.isEmpty)
        let model = try #require(golden["model"] as? String)
        let events = try #require(golden["events"] as? [Any])
        let referenceCSV = try #require(golden["reference_csv"] as? String)
        let lastStart = try #require(expected.last?["start"]?.string)
        // An hour after the last window's start plus ten minutes: every window is final.
        let clockTime = try #require(ISO8601DateFormatter().date(from: lastStart)).timeIntervalSince1970 * 1000
            + 4_200_000
        let now: @Sendable () -> Int64 = { Int64(clockTime) }
        let eventBatches = try stride(from: 0, to: events.count, by: 250).map {
            String(
                decoding: try JSONSerialization.data(withJSONObject: Array(events[$0..<min($0 + 250, events.count)])),
                as: UTF8.self)
        }

        try await withLiveServer(
            configure: { configuration in configuration.evaluationIntervalMilliseconds = 50 }, now: now
        ) { client, _ in
            #expect(try await client.uploadReference(model, csv: referenceCSV).status == .created)
            for batch in eventBatches {
                let response = try await client.postJSON("/v1/models/\(model)/events", batch)
                #expect(response.status == .accepted, "\(String(buffer: response.body))")
            }
            let detail = try await client.execute(uri: "/v1/models/\(model)", method: .get)
            let availability = try JSONValue.parse(Data(buffer: detail.body))["estimated_performance"]
            #expect(availability?["available"] == .bool(true))
            #expect(availability?["calibration"]?.string == "isotonic")

            var problems: [String] = ["not evaluated yet"]
            let deadline = Date().addingTimeInterval(30)
            while !problems.isEmpty && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                let response = try await client.execute(uri: "/v1/models/\(model)/windows", method: .get)
                guard response.status == .ok else { continue }
                let windows = try JSONValue.parse(Data(buffer: response.body))["windows"]?.array ?? []
                problems = expected.flatMap { window in
                    Self.differences(
                        expected: window, actual: windows.first { $0["start"]?.string == window["start"]?.string })
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func aModelWithoutScoresSaysWhyItHasNoEstimate() async throws {
        let csv = "amount,prediction,label\n" + (0..<200).map { "\($0 % 17),\($0 % 2),\($0 % 3 == 0 ? 1 : 0)" }
            .joined(separator: "\n") + "\n"
        try await withLiveServer { client, _ in
            #expect(try await client.uploadReference("no-scores", csv: csv).status == .created)
            let detail = try await client.execute(uri: "/v1/models/no-scores", method: .get)
            let availability = try JSONValue.parse(Data(buffer: detail.body))["estimated_performance"]
            #expect(availability?["available"] == .bool(false))
            #expect(availability?["reason"]?.string?.contains("score") == true)
        }
    }
}
