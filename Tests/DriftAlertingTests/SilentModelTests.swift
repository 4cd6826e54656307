import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

/// A model whose traffic stops: the evaluation service fills the silent hours with windows of 0 events,
/// the shipped `volume-drop` rule (alerts/data-quality.yaml) fires on them, and the status rule calls the
/// model `no_traffic`. Real store on a temporary file, the real evaluation service, the shipped rule files.
@Suite struct SilentModelTests {
    static let hour: Int64 = 3_600_000
    static let origin: Int64 = 1_767_571_200_000  // 2026-01-05T00:00:00Z
    /// The repository's `alerts/` directory.
    static let shippedRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("alerts")

    @Test("the shipped volume-drop rule fires for a model that went silent, and its status is no_traffic")
    func silence() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-silent-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        let model = try #require(ModelName("checkout-ranker"))
        var random = SplitMix64(seed: 9)
        let prepared = try ReferenceBuilder.prepare(columns: [
            ("amount", .numeric((0..<300).map { _ in random.nextUnit() * 100 })),
            ("prediction", .categorical(CategoricalColumn(values: (0..<300).map { String($0 % 2) }))),
        ])
        try store.saveReference(
            model: model, schema: prepared.schema, profile: prepared.profile, rowCount: 300, at: Self.origin - Self.hour
        )
        // 300 events in the first two hours, then nothing.
        let events = (0..<300).map { index in
            Event(
                id: "e\(index)", timestampMilliseconds: Self.origin + Int64(index) * 24_000,
                features: [.init(name: "amount", value: .number(random.nextUnit() * 100))],
                prediction: .number(Double(index % 2)))
        }
        try store.insertEvents(model: model, events: events, receivedAt: Self.origin)
        let now = Self.origin + 5 * Self.hour + 10 * 60_000
        let service = try EvaluationService(store: store, now: { now })
        let evaluated = try service.evaluateDue(model: model, now: now)
        #expect(evaluated.map(\.statistics.count) == [150, 150, 0, 0, 0], "silent hours are evaluated, not skipped")

        var files: [RuleFile] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.shippedRules.path).sorted()
        where name.hasSuffix(".yaml") {
            let url = Self.shippedRules.appendingPathComponent(name)
            files.append(RuleFile(path: url.path, text: try String(contentsOf: url, encoding: .utf8)))
        }
        let rules = try RuleLoader.load(files: files).rules.filter { $0.name == "volume-drop" }
        #expect(rules.count == 1)
        let outcome = AlertEngine.evaluate(
            model: model.rawValue, rules: rules, windows: evaluated, states: [:], now: now,
            repeatIntervalMilliseconds: 4 * Self.hour)
        let firing = outcome.transitions.filter { $0.status == .firing }
        #expect(firing.count == 1, "volume 0 < 100 for two windows")
        #expect(firing.first?.windowStart == Self.origin + 3 * Self.hour)

        let status = try ModelStatusReader(store: store).assessments(of: [(name: model, storedEvents: 300)])
        #expect(status[model.rawValue]?.status == .noTraffic)
        #expect(status[model.rawValue]?.reason == .silent(windowStart: Self.origin + 4 * Self.hour))
    }
}
