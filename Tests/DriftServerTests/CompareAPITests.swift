import DriftServer
import DriftTestSupport
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// `GET /v1/models/{model}/compare` (API.md, "Slices") against `../shared/golden/slices.json`'s
/// `expected_compare`: a primary v1, a canary v2 and a shadow v3 that scores v1's requests under the same
/// ids. The events and labels go through the real ingestion API (some labels before their events, some
/// after), so the label fan-out to every version of an id is part of what is checked.
@Suite struct CompareAPITests {
    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/golden/slices.json")

    /// The golden model loaded through the API; `body` runs with the client once everything is stored.
    static func withGoldenModel(
        _ body: @Sendable (any TestClientProtocol, String, JSONValue) async throws -> Void
    ) async throws {
        let data = try Data(contentsOf: goldenURL)
        let golden = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let parsed = try JSONValue.parse(data)
        let model = try #require(golden["model"] as? String)
        let events = try #require(golden["events"] as? [Any])
        let labels = try #require(golden["labels"] as? [Any])
        let referenceCSV = try #require(golden["reference_csv"] as? String)
        let lastTo = try #require(parsed["expected_compare"]?.array?.compactMap { $0["to"]?.string }.max())
        let clockTime = try #require(ISO8601DateFormatter().date(from: lastTo)).timeIntervalSince1970 * 1000
        let now: @Sendable () -> Int64 = { Int64(clockTime) + 600_000 }
        func json(_ items: ArraySlice<Any>) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: Array(items)), as: UTF8.self)
        }
        let early = labels.count / 3
        let labelBatches = [try json(labels[0..<early]), try json(labels[early...])]
        let eventBatches = try stride(from: 0, to: events.count, by: 500).map {
            try json(events[$0..<min($0 + 500, events.count)])
        }
        let eventCount = events.count
        try await withLiveServer(now: now) { client, _ in
            #expect(try await client.uploadReference(model, csv: referenceCSV).status == .created)
            func post(_ path: String, _ body: String) async throws -> [String: Any] {
                let response = try await client.postJSON("/v1/models/\(model)/\(path)", body)
                #expect(response.status == .accepted, "\(path): \(String(buffer: response.body))")
                return try jsonObject(response)
            }
            _ = try await post("labels", labelBatches[0])
            var accepted = 0
            for batch in eventBatches { accepted += try await post("events", batch)["accepted"] as? Int ?? 0 }
            #expect(accepted == eventCount)
            _ = try await post("labels", labelBatches[1])
            try await body(client, model, parsed)
        }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (TestResponse, JSONValue) {
        let response = try await client.execute(uri: uri, method: .get)
        return (response, try JSONValue.parse(Data(buffer: response.body)))
    }

    @Test func goldenComparisonsThroughTheAPI() async throws {
        try await Self.withGoldenModel { client, model, golden in
            let comparisons = try #require(golden["expected_compare"]?.array)
            #expect(comparisons.count >= 2)
            for comparison in comparisons {
                let a = try #require(comparison["a"]?.string)
                let b = try #require(comparison["b"]?.string)
                let from = try #require(comparison["from"]?.string)
                let to = try #require(comparison["to"]?.string)
                let (response, body) = try await Self.get(
                    client, "/v1/models/\(model)/compare?a=\(a)&b=\(b)&from=\(from)&to=\(to)")
                #expect(response.status == .ok, "\(a)–\(b): \(String(buffer: response.body))")
                let expected = try #require(comparison["expected"])
                let problems = GoldenComparison.differences(expected: expected, actual: body)
                #expect(problems.isEmpty, "\(a)–\(b):\n\(problems.joined(separator: "\n"))")
                #expect(body["model"]?.string == model)
                #expect(body["from"]?.string == from && body["to"]?.string == to)
            }
        }
    }

    @Test func unknownVersionsAndBadRangesAreRefused() async throws {
        try await Self.withGoldenModel { client, model, golden in
            let comparison = try #require(golden["expected_compare"]?.array?.first)
            let from = try #require(comparison["from"]?.string)
            let to = try #require(comparison["to"]?.string)
            let base = "/v1/models/\(model)/compare"

            let (missing, missingBody) = try await Self.get(client, "\(base)?a=v1&b=v9&from=\(from)&to=\(to)")
            #expect(missing.status == .notFound)
            #expect(missingBody["error"]?["code"]?.string == "unknown_version")
            let message = missingBody["error"]?["message"]?.string ?? ""
            for version in ["v1", "v2", "v3"] { #expect(message.contains("'\(version)'"), "\(message)") }
            #expect(message.contains("'v9'"))

            let (unknownModel, _) = try await Self.get(client, "/v1/models/nope/compare?a=v1&b=v2")
            #expect(unknownModel.status == .notFound)

            for query in [
                "a=v1&b=v2&from=\(to)&to=\(from)", "a=v1&b=v2&from=\(from)&to=\(from)", "a=v1&b=v2&from=yesterday",
                "a=v1&b=v2&to=99999999999999999999", "b=v2", "a=v1", "a=&b=v2",
                "a=\(String(repeating: "v", count: 65))&b=v2", "a=v1&b=v1",
            ] {
                let (response, body) = try await Self.get(client, "\(base)?\(query)")
                #expect(response.status == .badRequest, "\(query): \(String(buffer: response.body))")
                #expect(body["error"]?["code"]?.string == "invalid_query", "\(query)")
            }

            // The default range is the 24 hours before now, which holds every golden event.
            let shadow = try #require(golden["expected_compare"]?.array?.first { $0["b"]?.string == "v3" })
            let (defaults, defaultBody) = try await Self.get(client, "\(base)?a=v1&b=v3")
            #expect(defaults.status == .ok, "\(String(buffer: defaults.body))")
            let pairs = try #require(shadow["expected"]?["paired"]?["count"]?.number)
            #expect(defaultBody["paired"]?["count"]?.number == pairs)
        }
    }
}
