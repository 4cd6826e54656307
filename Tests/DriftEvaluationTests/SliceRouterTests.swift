import DriftCore
import DriftEvaluation
import DriftTestSupport
import Foundation
import Testing

/// `shared/golden/slices.json`, as far as routing goes: the events, the model's segment settings, and which
/// slices have which windows with how many events (`expected_windows`, keyed by slice, `""` for the whole
/// model).
struct GoldenSlices: Decodable {
    struct GoldenEvent: Decodable {
        var id: String
        var timestamp: String
        var modelVersion: String?
        var shadow: Bool?
        var features: [String: ScalarValue]
        var tags: [String: String]?

        enum CodingKeys: String, CodingKey {
            case id, timestamp, shadow, features, tags
            case modelVersion = "model_version"
        }

        var event: Event {
            Event(
                id: id, timestampMilliseconds: RFC3339.milliseconds(timestamp) ?? .min,
                features: features.sorted { $0.key < $1.key }.map { Event.Feature(name: $0.key, value: $0.value) },
                modelVersion: modelVersion, shadow: shadow ?? false,
                tags: (tags ?? [:]).sorted { $0.key < $1.key }.map { Event.Tag(key: $0.key, value: $0.value) })
        }
    }

    struct ExpectedWindow: Decodable {
        var start: String
        var count: Int
    }

    var segments: [String]
    var maxSegmentValues: Int
    var referenceCSV: String
    var events: [GoldenEvent]
    var expectedWindows: [String: [ExpectedWindow]]

    enum CodingKeys: String, CodingKey {
        case segments, events
        case maxSegmentValues = "max_segment_values"
        case referenceCSV = "reference_csv"
        case expectedWindows = "expected_windows"
    }

    static func load() throws -> GoldenSlices {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/golden/slices.json")
        return try JSONDecoder().decode(GoldenSlices.self, from: Data(contentsOf: url))
    }
}

@Suite("Slice routing")
struct SliceRouterTests {
    /// The golden model's schema as its reference header gives it: `c0` is the categorical feature.
    static func schema(_ golden: GoldenSlices) -> ModelSchema {
        let header = golden.referenceCSV.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        let features = header.filter { !["prediction", "label", "score"].contains($0) }
        return ModelSchema(
            features: features.map { .init(name: $0, type: $0.hasPrefix("c") ? .categorical : .numeric) },
            task: .binary, positiveLabel: "1")
    }

    @Test("routing every golden event gives exactly the slices, windows and counts of expected_windows")
    func goldenSlicesAndCounts() throws {
        let golden = try GoldenSlices.load()
        let router = SliceRouter(
            segments: SegmentSettings(keys: golden.segments, maxValues: golden.maxSegmentValues),
            schema: Self.schema(golden))
        let hour: Int64 = 3_600_000
        var byWindow: [Int64: [(Event, EventSlices)]] = [:]
        for goldenEvent in golden.events {
            let event = goldenEvent.event
            try #require(event.timestampMilliseconds != .min, "\(goldenEvent.timestamp)")
            let start = event.timestampMilliseconds - ((event.timestampMilliseconds % hour) + hour) % hour
            byWindow[start, default: []].append((event, router.route(event)))
        }
        // Slice → window start → events, from the router and the per-window cap.
        var routed: [String: [String: Int]] = [:]
        for (start, rows) in byWindow {
            var counter = SegmentValueCounter(maxValues: golden.maxSegmentValues)
            for (_, slices) in rows { counter.add(slices) }
            counter.finish()
            let startText = RFC3339.string(milliseconds: start)
            for (_, slices) in rows {
                for key in slices.keys(cappedBy: counter) { routed[key.description, default: [:]][startText, default: 0] += 1 }
            }
        }
        let expected = golden.expectedWindows.mapValues { windows in
            Dictionary(uniqueKeysWithValues: windows.map { ($0.start, $0.count) })
        }
        #expect(Set(routed.keys) == Set(expected.keys))
        for (slice, windows) in expected {
            #expect(routed[slice] == windows, "slice '\(slice)'")
        }
        // The golden data exercises the cap: some segment value pools into __other__.
        #expect(expected.keys.contains { $0.hasSuffix(":\(SliceKey.otherValue)") })
    }

    @Test("shadow events belong to their version only; events without a key form __missing__")
    func shadowAndMissing() {
        let schema = ModelSchema(
            features: [.init(name: "app", type: .categorical), .init(name: "x", type: .numeric)], task: .binary,
            positiveLabel: "1")
        let router = SliceRouter(segments: SegmentSettings(keys: ["app", "region"], maxValues: 1), schema: schema)
        let shadow = router.route(
            modelVersion: "v3", shadow: true, tags: [Event.Tag(key: "region", value: "eu")],
            features: [Event.Feature(name: "app", value: .string("ios"))])
        var counter = SegmentValueCounter(maxValues: 1)
        counter.add(shadow)
        #expect(shadow.keys(cappedBy: counter) == [.version("v3")])

        let plain = router.route(
            modelVersion: nil, shadow: false, tags: [], features: [Event.Feature(name: "app", value: .null)])
        let web = router.route(
            modelVersion: "v1", shadow: false, tags: [Event.Tag(key: "region", value: "us")],
            features: [Event.Feature(name: "app", value: .string("web"))])
        let ios = router.route(
            modelVersion: "v1", shadow: false, tags: [Event.Tag(key: "region", value: "eu")],
            features: [Event.Feature(name: "app", value: .string("ios"))])
        for slices in [plain, web, ios] { counter.add(slices) }
        #expect(plain.keys(cappedBy: counter) == [.whole, .segment("app", "__missing__"), .segment("region", "__missing__")])
        // One value each, a tie at one event: the smaller value keeps its slice, the other pools.
        #expect(
            web.keys(cappedBy: counter) == [
                .whole, .version("v1"), .segment("app", "__other__"), .segment("region", "__other__"),
            ])
        #expect(ios.keys(cappedBy: counter) == [.whole, .version("v1"), .segment("app", "ios"), .segment("region", "eu")])
    }

    @Test("slice names round-trip through KEY:VALUE")
    func sliceKeyText() {
        for text in ["", "model_version:v2", "region:eu", "c0:__other__", "url:https://x"] {
            #expect(SliceKey(parsing: text)?.description == text)
        }
        #expect(SliceKey(parsing: "region") == nil)
        #expect(SliceKey(parsing: ":eu") == nil)
        #expect(SliceKey(parsing: "url:https://x")?.key == "url")
    }
}
