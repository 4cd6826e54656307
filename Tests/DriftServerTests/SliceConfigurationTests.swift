import DriftEvaluation
import DriftStats
import DriftTestSupport
import Foundation
import Testing

@testable import DriftServer

/// The configuration keys of slices (API.md, "Slices"): `segments`, `max_segment_values` per model or under
/// `default`, and `evaluation.multiple_testing` (per model as `multiple_testing`).
@Suite("Slice configuration")
struct SliceConfigurationTests {
    private func load(_ yaml: String) throws -> ServerConfiguration {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("driftwatch.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ServerConfiguration.load(file: path)
    }

    @Test func defaultsAreNoSegmentsTwentyValuesAndNoAdjustment() throws {
        let configuration = try load("models: {shop: {window: 1h}}")
        #expect(configuration.modelDefaults.segments == SegmentSettings(keys: [], maxValues: 20))
        #expect(configuration.modelOverrides["shop"]?.segments.keys == [])
        #expect(configuration.modelDefaults.multipleTesting == MultipleTesting.none)
    }

    @Test func readsSegmentsPerModelOverTheDefault() throws {
        let configuration = try load(
            """
            evaluation: {multiple_testing: bh}
            models:
              default: {segments: [region], max_segment_values: 5}
              shop-conversion: {window: 1h, segments: [c0, region], max_segment_values: 2}
              other: {multiple_testing: bonferroni}
            """)
        #expect(configuration.modelDefaults.segments == SegmentSettings(keys: ["region"], maxValues: 5))
        #expect(configuration.modelDefaults.multipleTesting == .bh)
        #expect(configuration.modelOverrides["shop-conversion"]?.segments == SegmentSettings(keys: ["c0", "region"], maxValues: 2))
        #expect(configuration.modelOverrides["shop-conversion"]?.multipleTesting == .bh)
        #expect(configuration.modelOverrides["other"]?.segments == SegmentSettings(keys: ["region"], maxValues: 5))
        #expect(configuration.modelOverrides["other"]?.multipleTesting == .bonferroni)
    }

    @Test func theGoldenFilesConfigurationLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/golden/slices.json")
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let yaml = try #require(golden["config"] as? String)
        let model = try #require(golden["model"] as? String)
        let keys = try #require(golden["segments"] as? [String])
        let cap = try #require(golden["max_segment_values"] as? Int)
        let configuration = try load(yaml)
        #expect(configuration.modelOverrides[model]?.segments == SegmentSettings(keys: keys, maxValues: cap))
    }

    @Test(
        "bad segment settings are refused with a message naming the key",
        arguments: [
            ("models: {m: {segments: [region, region]}}", "twice"),
            ("models: {m: {segments: ['']}}", "not a segment key"),
            ("models: {m: {segments: ['a:b']}}", "':'"),
            ("models: {m: {segments: [__other__]}}", "reserved"),
            ("models: {m: {segments: [model_version]}}", "reserved"),
            ("models: {default: {max_segment_values: 0}}", "max_segment_values"),
            ("models: {m: {max_segment_values: 100000}}", "max_segment_values"),
            ("models: {m: {segments: region}}", "models.m.segments"),
            ("evaluation: {multiple_testing: holm}", "bonferroni or bh"),
            ("models: {m: {multiple_testing: BH}}", "multiple_testing"),
        ])
    func refuses(yaml: String, word: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try load(yaml) }
        #expect(error.message.contains(word), "\(error.message)")
    }
}
