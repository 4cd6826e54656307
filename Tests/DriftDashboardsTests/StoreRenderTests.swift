import DriftCore
import DriftDashboards
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

/// Renders from a real SQLite store whose windows were evaluated by the real evaluation service from
/// events and labels inserted through the store's API, as the server does.
@Suite("Rendering from a real store")
struct StoreRenderTests {
    static let hour: Int64 = 3_600_000
    /// 2026-01-05T00:00:00Z.
    static let start: Int64 = 1_767_571_200_000

    /// A store with three models: `steady` (three hours of events like its reference), `shifted` (its
    /// `x` moves in the third hour), and `fresh` (a reference only).
    private func populatedStore(_ directory: ScratchDirectory) throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.path("store.sqlite"))
        var random = SplitMix64(seed: 7)
        let rows = 600
        var x: [Double] = []
        var colors: [String?] = []
        var labels: [String?] = []
        var predictions: [String?] = []
        for _ in 0..<rows {
            x.append(random.nextUnit() * 10)
            colors.append(["red", "green", "blue"][Int(random.nextUnit() * 3)])
            let prediction = random.nextUnit() < 0.5
            predictions.append(prediction ? "1" : "0")
            labels.append((random.nextUnit() < 0.9 ? prediction : !prediction) ? "1" : "0")
        }
        let prepared = try ReferenceBuilder.prepare(columns: [
            ("x", .numeric(x)), ("color", .categorical(CategoricalColumn(values: colors))),
            ("label", .categorical(CategoricalColumn(values: labels))),
            ("prediction", .categorical(CategoricalColumn(values: predictions))),
        ])
        for name in ["steady", "shifted", "fresh"] {
            try store.saveReference(
                model: ModelName(name)!, schema: prepared.schema, profile: prepared.profile, rowCount: rows,
                at: Self.start - Self.hour,
                performance: prepared.performance())
        }
        for name in ["steady", "shifted"] {
            var events: [Event] = []
            for index in 0..<600 {
                let hourIndex = Int64(index / 200)
                let shift = name == "shifted" && hourIndex == 2 ? 6.0 : 0
                let prediction = random.nextUnit() < 0.5
                events.append(
                    Event(
                        id: "\(name)-\(index)",
                        timestampMilliseconds: Self.start + hourIndex * Self.hour + Int64(index % 200) * 10_000,
                        features: [
                            .init(name: "x", value: .number(random.nextUnit() * 10 + shift)),
                            .init(name: "color", value: .string(["red", "green", "blue"][Int(random.nextUnit() * 3)])),
                        ],
                        prediction: .number(prediction ? 1 : 0),
                        label: index % 2 == 0
                            ? .number((random.nextUnit() < 0.9 ? prediction : !prediction) ? 1 : 0) : nil))
            }
            try store.insertEvents(model: ModelName(name)!, events: events, receivedAt: Self.start)
        }
        let service = try EvaluationService(
            store: store, defaultSettings: EvaluationSettings(minSamples: 50),
            now: { Self.start + 3 * Self.hour + 600_000 })
        _ = try service.evaluateAllDue(now: Self.start + 3 * Self.hour + 600_000)
        return store
    }

    @Test("every model gets its pages, well-formed and self-contained, with the statuses of the rule")
    func rendersEveryModel() throws {
        let directory = try ScratchDirectory()
        let store = try populatedStore(directory)
        #expect(try store.evaluatedWindows(model: ModelName("shifted")!).count == 3)
        let output = directory.url.appendingPathComponent("site")
        let renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates))
        let report = try renderer.render(to: output, now: Self.start + 3 * Self.hour + 600_000)

        #expect(report.statuses == ["steady": .ok, "shifted": .drifting, "fresh": .noData])
        let files = directory.files().filter { $0.hasPrefix("site/") }
        #expect(
            files == [
                "site/index.html",
                "site/models/fresh/features/color.html", "site/models/fresh/features/x.html",
                "site/models/fresh/index.html",
                "site/models/shifted/features/color.html", "site/models/shifted/features/x.html",
                "site/models/shifted/index.html",
                "site/models/steady/features/color.html", "site/models/steady/features/x.html",
                "site/models/steady/index.html",
                "site/status-drifting.html", "site/status-no_data.html", "site/status-ok.html",
            ], "no temporary file is left behind")
        #expect(report.pages.count == 13)
        #expect(report.pages.last?.path == "index.html", "the index is written last, after the pages it links to")
        for file in files {
            let html = try String(contentsOf: directory.url.appendingPathComponent(file), encoding: .utf8)
            #expect(PageChecks.xmlError(html) == nil, "\(file): \(PageChecks.xmlError(html) ?? "")")
            #expect(PageChecks.externalReferences(html).isEmpty, "\(file): \(PageChecks.externalReferences(html))")
        }
        let shifted = try String(
            contentsOf: output.appendingPathComponent("models/shifted/features/x.html"), encoding: .utf8)
        #expect(shifted.contains("Reference v1 and the window of 2026-01-05 02:00 UTC: 200 values"), "latest histogram")
        #expect(
            shifted.contains("Reference v1 and the window of 2026-01-05 01:00 UTC: 200 values"), "previous histogram")
        let model = try String(contentsOf: output.appendingPathComponent("models/shifted/index.html"), encoding: .utf8)
        #expect(model.contains("class=\"hm h"))
        #expect(model.contains("Accuracy per window"))
        #expect(model.contains("No alerts recorded."))
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("href=\"models/shifted/index.html\""))
    }

    @Test("alerts from the source appear on the model page and make the model drifting")
    func alertsFromTheSource() throws {
        let directory = try ScratchDirectory()
        let store = try populatedStore(directory)
        let steady = ModelName("steady")!
        let alerts = AlertTimelineClosure { model, from, to in
            guard model == steady else { return [] }
            #expect(from <= Self.start && to > Self.start + 3 * Self.hour)
            return [
                AlertTimelineEntry(
                    rule: "volume-low", model: steady, state: .firing, at: Self.start + 2 * Self.hour, value: 3,
                    deliveries: [
                        AlertDelivery(
                            receiver: "hook", status: "failed: HTTP 503", at: Self.start + 2 * Self.hour + 1_000)
                    ])
            ]
        }
        let renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates), alerts: alerts)
        let output = directory.url.appendingPathComponent("site")
        let report = try renderer.render(to: output, now: Self.start + 3 * Self.hour + 600_000)
        #expect(report.statuses["steady"] == .drifting)
        let model = try String(contentsOf: output.appendingPathComponent("models/steady/index.html"), encoding: .utf8)
        #expect(model.contains("hook: failed: HTTP 503"))
        #expect(model.contains("Firing: volume-low."))
    }

    @Test("a failing alert source fails the render with its own code")
    func failingAlertSource() throws {
        struct Unreachable: Error {}
        let directory = try ScratchDirectory()
        let store = try populatedStore(directory)
        let renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates),
            alerts: AlertTimelineClosure { _, _, _ in throw Unreachable() })
        #expect(throws: DashboardError.self) {
            try renderer.render(to: directory.url.appendingPathComponent("site"), now: 0)
        }
        do {
            try renderer.render(to: directory.url.appendingPathComponent("site"), now: 0)
        } catch {
            #expect(error.code == .alertSource)
        }
    }

    @Test("a model page of 720 windows × 50 features stays under 1 MB")
    func sizeBudget() throws {
        let directory = try ScratchDirectory()
        let store = try SQLiteStore(path: directory.path("bench.sqlite"))
        let shape = DashboardBenchmark.Shape()
        let end = Self.start + Int64(shape.windows) * shape.windowMilliseconds
        try DashboardBenchmark.populate(store: store, model: ModelName("bench")!, shape: shape, end: end)
        var renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates))
        renderer.synchronizeWrites = false
        let output = directory.url.appendingPathComponent("site")
        let report = try renderer.render(to: output, now: end)
        let model = try #require(report.pages.first { $0.kind == .model })
        #expect(model.bytes < 1_000_000, "model page: \(model.bytes) bytes")
        #expect(report.pages.filter { $0.kind == .feature }.count == 50)
        #expect(report.pages.filter { $0.kind == .feature }.allSatisfy { $0.bytes < 200_000 })
        let html = try String(contentsOf: output.appendingPathComponent(model.path), encoding: .utf8)
        #expect(PageChecks.xmlError(html) == nil)
        #expect(html.contains("reference v2"), "the reference change is marked")
    }
}
