import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import DriftTestSupport
import Foundation
import Testing

/// Slices evaluated by the service on a real SQLite file (API.md, "Slices"): shadow events stay out of the
/// whole model, each version and each segment value gets its windows, and a late label re-evaluates only
/// the slices its event belongs to.
@Suite("Slice evaluation")
struct SliceEvaluationTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    /// A store with a 400-row reference (x numeric, app categorical) and one window of events: v1 served,
    /// v2 served as a canary on every fourth request, a shadow v3 scoring v1's requests under the same ids;
    /// `region` tags alternating eu and us; `app` web or ios.
    /// With `storingEvents` false the events are returned but not stored.
    static func fixture(storingEvents: Bool = true) throws -> (TemporaryDirectory, SQLiteStore, ModelName, [Event]) {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.url.appendingPathComponent("slices.sqlite").path)
        let (model, events) = try populate(store, storingEvents: storingEvents)
        return (directory, store, model, events)
    }

    /// Saves the fixture's reference (with its segment references) in `store`, of either engine, and its
    /// events when `storingEvents`; returns the model and the events.
    static func populate(_ store: any StoragePort, storingEvents: Bool) throws -> (ModelName, [Event]) {
        let model = ModelName("shop")!
        var x: [Double] = []
        var app: [String?] = []
        var predictions: [String?] = []
        var labels: [String?] = []
        for row in 0..<400 {
            x.append(Double(row % 40) / 4)
            app.append(row % 2 == 0 ? "web" : "ios")
            predictions.append(String(row % 2))
            labels.append(String((row / 2) % 2))
        }
        let columns: [(name: String, values: ColumnValues)] = [
            ("x", .numeric(x)), ("app", .categorical(CategoricalColumn(values: app))),
            ("prediction", .categorical(CategoricalColumn(values: predictions))),
            ("label", .categorical(CategoricalColumn(values: labels))),
        ]
        var prepared = try ReferenceBuilder.prepare(columns: columns)
        prepared.segments = ReferenceBuilder.segments(columns: columns, prepared: prepared)
        _ = try store.saveReference(
            model: model, schema: prepared.schema, profile: prepared.profile, rowCount: 400, at: start,
            performance: prepared.performance(), contentSHA256: nil, segments: prepared.segments)
        var events: [Event] = []
        for index in 0..<300 {
            let version = index % 4 == 0 ? "v2" : "v1"
            let features: [Event.Feature] = [
                .init(name: "x", value: .number(Double(index % 37) / 3)),
                .init(name: "app", value: .string(index % 3 == 0 ? "ios" : "web")),
            ]
            let tags = [Event.Tag(key: "region", value: index % 2 == 0 ? "eu" : "us")]
            let time = start + Int64(index) * 10_000
            events.append(
                Event(
                    id: "r\(index)", timestampMilliseconds: time, features: features,
                    prediction: .string(String(index % 2)),
                    modelVersion: version, tags: tags))
            if version == "v1" {
                events.append(
                    Event(
                        id: "r\(index)", timestampMilliseconds: time, features: features,
                        prediction: .string(String((index / 3) % 2)), modelVersion: "v3", shadow: true, tags: tags))
            }
        }
        if storingEvents { try store.insertEvents(model: model, events: events, receivedAt: start + hour) }
        return (model, events)
    }

    static func settings() -> EvaluationSettings {
        var settings = EvaluationSettings(minSamples: 50, allowedLatenessMilliseconds: 0)
        settings.segments = SegmentSettings(keys: ["app", "region"], maxValues: 1)
        return settings
    }

    @Test("the whole model leaves shadow events out; versions include them; segments take the cap")
    func slicesOfOneWindow() throws {
        let (_, store, model, events) = try Self.fixture()
        let service = try EvaluationService(
            store: store, defaultSettings: Self.settings(), now: { Self.start + Self.hour + 1 })
        let whole = try service.evaluateDue(model: model)
        #expect(whole.map(\.statistics.count) == [events.filter { !$0.shadow }.count])
        let summaries = try store.sliceSummaries(model: model)
        let counts = Dictionary(uniqueKeysWithValues: summaries.map { ($0.slice, $0.events) })
        #expect(counts["model_version:v1"] == events.filter { $0.modelVersion == "v1" }.count)
        #expect(counts["model_version:v2"] == events.filter { $0.modelVersion == "v2" }.count)
        #expect(counts["model_version:v3"] == events.filter { $0.shadow }.count)
        // One value of each key keeps its own slice (the most frequent), the other pools into __other__.
        let served = events.filter { !$0.shadow }
        let web = served.filter { $0.features[1].value == .string("web") }.count
        #expect(counts["app:web"] == web)
        #expect(counts["app:__other__"] == served.count - web)
        #expect(counts["region:eu"] == served.filter { $0.tag("region") == "eu" }.count)
        #expect(counts["region:__other__"] == served.filter { $0.tag("region") == "us" }.count)
        // app:web compares against the reference rows with app = web, without the app feature.
        let webWindow = try #require(try store.evaluatedSliceWindows(model: model, slice: .segment("app", "web")).first)
        #expect(webWindow.slice?.referenceScope == .segment)
        #expect(webWindow.window.statistics.features["app"] == nil)
        #expect(webWindow.window.statistics.features["x"] != nil)
        let other = try #require(
            try store.evaluatedSliceWindows(model: model, slice: .segment("app", "__other__")).first)
        #expect(other.slice?.referenceScope == .model)
    }

    @Test("a late label re-evaluates the slices of its event only")
    func lateLabelTouchesItsSlices() throws {
        let (_, store, model, events) = try Self.fixture()
        var now = Self.start + Self.hour + 1
        let clock = Locked(now)
        let service = try EvaluationService(
            store: store, defaultSettings: Self.settings(), now: { clock.withLock { $0 } })
        try service.evaluateDue(model: model)
        // r4: a v2 request (no shadow), region eu, app web.
        let labelled = try #require(events.first { $0.id == "r4" })
        #expect(labelled.modelVersion == "v2" && labelled.tag("region") == "eu")
        now += 60_000
        clock.withLock { $0 = now }
        try store.insertLabels(model: model, labels: [LabelRecord(id: "r4", label: .string("1"))], receivedAt: now)
        try service.evaluateDue(model: model)
        var evaluations: [String: Int] = [:]
        for summary in try store.sliceSummaries(model: model) {
            let key = try #require(SliceKey(parsing: summary.slice))
            evaluations[summary.slice] = try store.evaluatedSliceWindows(model: model, slice: key).first?.window
                .evaluations
        }
        #expect(evaluations["model_version:v2"] == 2)
        #expect(evaluations["region:eu"] == 2)
        #expect(evaluations["app:web"] == 2)
        #expect(evaluations["model_version:v1"] == 1)
        #expect(evaluations["model_version:v3"] == 1)
        #expect(evaluations["region:__other__"] == 1)
        #expect(evaluations["app:__other__"] == 1)
        #expect(try store.evaluatedWindows(model: model).first?.evaluations == 2)
    }
}
