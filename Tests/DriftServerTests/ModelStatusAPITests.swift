import DriftServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `status` on `GET /v1/models` and `GET /v1/models/{model}`, from windows the background loop
/// evaluated on a live server (fixed clock 2026-01-05T12:00Z).
@Suite("Model status in the API")
struct ModelStatusAPITests {
    /// `count` events in the hour starting at `hour` (UTC) of 2026-01-05.
    private func events(_ prefix: String, hour: Int, count: Int) -> String {
        let lines = (0..<count).map { index in
            eventJSON(
                "\(prefix)\(index)",
                timestamp: String(format: "2026-01-05T%02d:%02d:%02dZ", hour, index % 60, index / 60),
                amount: String(Double(index % 50) * 2.5), channel: ["\"web\"", "\"ios\"", "\"android\""][index % 3])
        }
        return "[\(lines.joined(separator: ","))]"
    }

    @Test("no_data before any window, no_traffic once traffic stopped, and a live model neither")
    func statuses() async throws {
        try await withLiveServer(configure: { $0.evaluationIntervalMilliseconds = 100 }, now: fixedNow) { client, _ in
            for model in ["fresh", "quiet", "live"] { try await client.uploadReference(model) }
            // quiet: traffic at 01:00 only; live: traffic in 10:00–11:00, the latest complete window at 12:00.
            #expect(
                try await client.postJSON("/v1/models/quiet/events", events("q", hour: 1, count: 150)).status
                    == .accepted)
            #expect(
                try await client.postJSON("/v1/models/live/events", events("l", hour: 10, count: 150)).status
                    == .accepted)
            var statuses: [String: String] = [:]
            for _ in 0..<100 {  // bounded: at most 10 s
                let page = try jsonObject(try await client.execute(uri: "/v1/models", method: .get))
                let models = page["models"] as? [[String: Any]] ?? []
                statuses = Dictionary(
                    uniqueKeysWithValues: models.compactMap { model in
                        (model["name"] as? String).map { ($0, model["status"] as? String ?? "missing") }
                    })
                if statuses["quiet"] == "no_traffic" && statuses["live"] != "no_data" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(statuses["fresh"] == "no_data")
            #expect(statuses["quiet"] == "no_traffic")
            #expect(["ok", "drifting"].contains(statuses["live"] ?? ""), "live: \(statuses["live"] ?? "none")")
            let one = try jsonObject(try await client.execute(uri: "/v1/models/quiet", method: .get))
            #expect(one["status"] as? String == "no_traffic")
        }
    }
}
