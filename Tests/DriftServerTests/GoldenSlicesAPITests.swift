import DriftServer
import DriftTestSupport
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// `../shared/golden/slices.json` end to end through the real HTTP API (API.md, "Slices"): the golden
/// file's own configuration (segments `c0` and `region`, two values each), the reference as CSV, the
/// events and labels through ingestion (a third of the labels before their events, the event batches in
/// reverse order), the evaluation loop on an injected clock, and every window of every slice in
/// `expected_windows` read back with `GET /v1/models/{model}/windows?slice=KEY:VALUE`.
@Suite struct GoldenSlicesAPITests {
    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/golden/slices.json")

    /// The golden model loaded and evaluated through the API with `multipleTesting` (`none`, `bh` or
    /// `bonferroni`) configured; `body` runs once every slice of `expected_windows` has its windows.
    static func withEvaluatedGoldenModel(
        multipleTesting: String = "none", extraConfiguration: String = "",
        _ body: @Sendable (any TestClientProtocol, String, [String: JSONValue]) async throws -> Void
    ) async throws {
        let data = try Data(contentsOf: goldenURL)
        let golden = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let expected = try #require(JSONValue.parse(data)["expected_windows"]?.object)
        let model = try #require(golden["model"] as? String)
        let events = try #require(golden["events"] as? [Any])
        let labels = try #require(golden["labels"] as? [Any])
        let referenceCSV = try #require(golden["reference_csv"] as? String)
        let yaml =
            try #require(golden["config"] as? String) + "evaluation: {multiple_testing: \(multipleTesting)}\n"
            + extraConfiguration
        let directory = try TemporaryDirectory()
        let configPath = directory.url.appendingPathComponent("driftwatch.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let loaded = try ServerConfiguration.load(file: configPath)
        let ends: [String] = expected.values.compactMap { windows in windows.array?.last?["end"]?.string }
        let lastEnd = try #require(ends.max())
        let clockTime = try #require(ISO8601DateFormatter().date(from: lastEnd)).timeIntervalSince1970 * 1000 + 600_000
        let now: @Sendable () -> Int64 = { Int64(clockTime) }
        func json(_ items: ArraySlice<Any>) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: Array(items)), as: UTF8.self)
        }
        let early = labels.count / 3
        let labelBatches = [try json(labels[0..<early]), try json(labels[early...])]
        let eventBatches = try stride(from: 0, to: events.count, by: 300).reversed().map {
            try json(events[$0..<min($0 + 300, events.count)])
        }
        let eventCount = events.count

        try await withLiveServer(
            configure: { configuration in
                configuration.modelDefaults = loaded.modelDefaults
                configuration.modelOverrides = loaded.modelOverrides
                configuration.metrics = loaded.metrics
                configuration.evaluationIntervalMilliseconds = 50
            }, now: now
        ) { client, _ in
            #expect(try await client.uploadReference(model, csv: referenceCSV).status == .created)
            func post(_ path: String, _ body: String) async throws -> Int {
                let response = try await client.postJSON("/v1/models/\(model)/\(path)", body)
                #expect(response.status == .accepted, "\(path): \(String(buffer: response.body))")
                return try jsonObject(response)["accepted"] as? Int ?? 0
            }
            _ = try await post("labels", labelBatches[0])
            var accepted = 0
            for batch in eventBatches { accepted += try await post("events", batch) }
            #expect(accepted == eventCount)
            _ = try await post("labels", labelBatches[1])
            // The loop runs every 50 ms; wait until each slice has as many windows as expected, with every label.
            let deadline = Date().addingTimeInterval(60)
            var pending = Array(expected.keys)
            while !pending.isEmpty && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                var still: [String] = []
                for slice in pending {
                    let windows = try await windows(client, model: model, slice: slice).1["windows"]?.array ?? []
                    let labelled = windows.compactMap { $0["labelled"]?.number }
                    let expectedLabelled = expected[slice]?.array?.compactMap { $0["labelled"]?.number } ?? []
                    if labelled != expectedLabelled { still.append(slice) }
                }
                pending = still
            }
            #expect(pending.isEmpty, "slices not evaluated in time: \(pending)")
            try await body(client, model, expected)
        }
    }

    /// `GET /v1/models/{model}/windows`, with `?slice=` unless `slice` is the whole model's "".
    static func windows(_ client: any TestClientProtocol, model: String, slice: String, query: String = "")
        async throws -> (TestResponse, JSONValue)
    {
        var parameters =
            slice.isEmpty
            ? [] : ["slice=\(slice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? slice)"]
        if !query.isEmpty { parameters.append(query) }
        let uri = "/v1/models/\(model)/windows" + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
        let response = try await client.execute(uri: uri, method: .get)
        return (response, try JSONValue.parse(Data(buffer: response.body)))
    }

    @Test func everySliceWindowMatchesTheGoldenFile() async throws {
        try await Self.withEvaluatedGoldenModel { client, model, expected in
            #expect(expected.count == 11)
            for (slice, windows) in expected.sorted(by: { $0.key < $1.key }) {
                let (response, body) = try await Self.windows(client, model: model, slice: slice)
                #expect(response.status == .ok, "\(slice): \(String(buffer: response.body))")
                let problems = GoldenComparison.differences(expected: windows, actual: body["windows"])
                #expect(problems.isEmpty, "slice '\(slice)':\n\(problems.joined(separator: "\n"))")
            }
        }
    }

    @Test func slicesListsEachSliceWithItsEventsAndWindows() async throws {
        try await Self.withEvaluatedGoldenModel { client, model, expected in
            let response = try await client.execute(uri: "/v1/models/\(model)/slices", method: .get)
            #expect(response.status == .ok)
            let body = try JSONValue.parse(Data(buffer: response.body))
            #expect(body["model"]?.string == model)
            var listed: [String: (events: Double, windows: Int)] = [:]
            for entry in body["slices"]?.array ?? [] {
                let name = "\(entry["key"]?.string ?? ""):\(entry["value"]?.string ?? "")"
                listed[name] = (entry["events"]?.number ?? -1, Int(entry["windows"]?.number ?? -1))
            }
            let expectedSlices = expected.filter { !$0.key.isEmpty }
            #expect(Set(listed.keys) == Set(expectedSlices.keys))
            for (slice, windows) in expectedSlices {
                let counts = windows.array?.compactMap { $0["count"]?.number } ?? []
                #expect(listed[slice]?.events == counts.reduce(0, +), "\(slice)")
                #expect(listed[slice]?.windows == counts.count, "\(slice)")
            }
            // A range that holds only the first window.
            let first = try #require(expected[""]?.array?.first)
            let from = try #require(first["start"]?.string)
            let to = try #require(first["end"]?.string)
            let ranged = try JSONValue.parse(
                Data(
                    buffer: try await client.execute(
                        uri: "/v1/models/\(model)/slices?from=\(from)&to=\(to)", method: .get
                    ).body))
            for entry in ranged["slices"]?.array ?? [] { #expect(entry["windows"]?.number == 1) }
        }
    }

    @Test func unknownSlicesAndBadRangesAreRefused() async throws {
        try await Self.withEvaluatedGoldenModel { client, model, _ in
            let (unknown, body) = try await Self.windows(client, model: model, slice: "model_version:v9")
            #expect(unknown.status == .notFound)
            #expect(body["error"]?["code"]?.string == "unknown_slice")
            let message = body["error"]?["message"]?.string ?? ""
            for slice in ["model_version:v1", "model_version:v2", "c0:web", "region:eu"] {
                #expect(message.contains(slice), "\(message)")
            }
            #expect(try await Self.windows(client, model: model, slice: "region:mars").0.status == .notFound)
            for bad in ["region", ":eu", "region:"] {
                let (response, badBody) = try await Self.windows(client, model: model, slice: bad)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(badBody["error"]?["message"]?.string?.contains("slice") == true)
            }
            for query in [
                "from=2026-02-02T02:00:00Z&to=2026-02-02T01:00:00Z",
                "from=2026-02-02T01:00:00Z&to=2026-02-02T01:00:00Z",
            ] {
                #expect(
                    try await Self.windows(client, model: model, slice: "region:eu", query: query).0.status
                        == .badRequest)
                let slices = try await client.execute(uri: "/v1/models/\(model)/slices?\(query)", method: .get)
                #expect(slices.status == .badRequest)
            }
            #expect(try await client.execute(uri: "/v1/models/nope/slices", method: .get).status == .notFound)
        }
    }

    /// With `multiple_testing: bh` or `bonferroni`, every KS and χ² result of every slice window carries
    /// `pvalue_adjusted`, computed here from the window's own p-values by the definition (STATISTICS.md,
    /// "Multiple testing"), while the raw statistics still match the golden file.
    @Test(arguments: ["bh", "bonferroni"]) func adjustedPValuesInEverySliceWindow(method: String) async throws {
        try await Self.withEvaluatedGoldenModel(multipleTesting: method) { client, model, expected in
            for (slice, expectedWindows) in expected {
                let (_, body) = try await Self.windows(client, model: model, slice: slice)
                let windows = body["windows"]?.array ?? []
                #expect(
                    GoldenComparison.differences(expected: expectedWindows, actual: .array(windows)).isEmpty, "\(slice)"
                )
                for window in windows {
                    let features = window["features"]?.object ?? [:]
                    let tests = features.keys.sorted().compactMap { name -> (String, Double, Double?)? in
                        guard let test = features[name]?["ks"] ?? features[name]?["chi2"],
                            let p = test["pvalue"]?.number
                        else { return nil }
                        return (name, p, test["pvalue_adjusted"]?.number)
                    }
                    let independent = Self.adjust(tests.map(\.1), method: method)
                    for (test, value) in zip(tests, independent) {
                        let reported = try #require(test.2, "\(slice) \(test.0) has no pvalue_adjusted")
                        #expect(abs(reported - value) <= 1e-12 * max(abs(value), 1e-300), "\(slice) \(test.0)")
                    }
                }
            }
        }
    }

    /// Benjamini–Hochberg or Bonferroni written from the definition: for BH, the i-th smallest p-value
    /// becomes the smallest k·p₍ⱼ₎/j over j ≥ i, capped at 1.
    static func adjust(_ pvalues: [Double], method: String) -> [Double] {
        let k = Double(pvalues.count)
        guard method == "bh" else { return pvalues.map { min(1, k * $0) } }
        let sorted = pvalues.enumerated().sorted { $0.element < $1.element }
        var adjusted = [Double](repeating: 1, count: pvalues.count)
        for (rank, entry) in sorted.enumerated() {
            let candidates = sorted[rank...].enumerated().map { offset, later in
                later.element * (k / Double(rank + offset + 1))
            }
            adjusted[entry.offset] = min(1, candidates.min() ?? 1)
        }
        return adjusted
    }

    /// `metrics.slice_gauges: versions` exports the version slices' latest windows with a `slice` label, and no
    /// segment slice (no rule asks for them).
    @Test func sliceGaugesForTheConfiguredSlices() async throws {
        try await Self.withEvaluatedGoldenModel(extraConfiguration: "metrics: {slice_gauges: versions}\n") {
            client, model, expected in
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            for version in ["v1", "v2", "v3"] {
                let count = try #require(expected["model_version:\(version)"]?.array?.last?["count"]?.number)
                let line =
                    "driftwatch_model_window_events{model=\"\(model)\",slice=\"model_version:\(version)\"} \(Int(count))"
                #expect(text.contains(line), "missing: \(line)")
            }
            #expect(!text.contains("slice=\"region:"))
            #expect(!text.contains("slice=\"c0:"))
        }
    }
}
