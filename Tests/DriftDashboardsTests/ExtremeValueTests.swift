import DriftCore
@testable import DriftDashboards
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

/// Values at the ends of the double range — a column of 64-bit ids reaches ±1e18, a sentinel ±1e308 —
/// used to trap in the number formatting on every render, taking the server down after each restart.
@Suite("Rendering extreme values")
struct ExtremeValueTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_767_571_200_000

    @Test(
        "every finite double and the non-finite ones format without trapping",
        arguments: [
            0, -0.0, 1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 9.3e18, -9.3e18, 9.2e15,
            1e15, 999_999_999_999_999, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            .leastNormalMagnitude / 1_000, .infinity, -.infinity, .nan,
            123_456.789, 0.000_123,
        ] as [Double])
    func formatsAnyDouble(value: Double) {
        let texts = [
            TextFormat.number(value), TextFormat.decimal(value, digits: 3), TextFormat.percent(value),
            TextFormat.scientific(value), TextFormat.count(value), SVGWriter.number(value),
        ]
        #expect(texts.allSatisfy { !$0.isEmpty })
        if value.isFinite, value != 0 {
            let scientific = TextFormat.scientific(value)
            #expect(scientific.contains("e"), "\(scientific)")
            #expect(!scientific.contains("∞") && !scientific.contains("NaN"), "\(value) → \(scientific)")
        }
        _ = TextFormat.pixel(value)
    }

    @Test("scientific notation keeps its magnitude at both ends of the range")
    func scientificAtTheEnds() {
        #expect(TextFormat.number(1e308) == "1e308")
        #expect(TextFormat.number(-1e308) == "-1e308")
        #expect(TextFormat.number(9.3e18) == "9.3e18")
        #expect(TextFormat.number(.leastNonzeroMagnitude) == "4.9e-324")
        #expect(TextFormat.count(1234.4) == "1,234")
        #expect(TextFormat.pixel(.nan) == 0 && TextFormat.pixel(1e300) == 1_000_000_000)
    }

    @Test("a model whose reference and windows reach ±1e308 renders every page")
    func rendersExtremeModel() throws {
        let directory = try ScratchDirectory()
        let store = try SQLiteStore(path: directory.path("store.sqlite"))
        let rows = 400
        var ids: [Double] = []
        var sentinel: [Double] = []
        var labels: [String?] = []
        for index in 0..<rows {
            ids.append(Double(index) * 2.3e16)
            sentinel.append(index % 2 == 0 ? 1e308 : -1e308)
            labels.append(index % 3 == 0 ? "1" : "0")
        }
        let prepared = try ReferenceBuilder.prepare(columns: [
            ("user_id", .numeric(ids)), ("sentinel", .numeric(sentinel)),
            ("label", .categorical(CategoricalColumn(values: labels))),
            ("prediction", .categorical(CategoricalColumn(values: labels))),
        ])
        let model = ModelName("ids")!
        try store.saveReference(
            model: model, schema: prepared.schema, profile: prepared.profile, rowCount: rows, at: Self.start - Self.hour,
            performance: prepared.performance())
        var events: [Event] = []
        for index in 0..<300 {
            events.append(
                Event(
                    id: "e\(index)", timestampMilliseconds: Self.start + Int64(index) * 10_000,
                    features: [
                        .init(name: "user_id", value: .number(-Double(index) * 3.1e17)),
                        .init(name: "sentinel", value: .number(index % 3 == 0 ? .greatestFiniteMagnitude : -1e308)),
                    ],
                    prediction: .number(Double(index % 2)), label: .number(Double(index % 2))))
        }
        try store.insertEvents(model: model, events: events, receivedAt: Self.start)
        let now = Self.start + 2 * Self.hour
        let service = try EvaluationService(store: store, defaultSettings: EvaluationSettings(minSamples: 50), now: { now })
        _ = try service.evaluateAllDue(now: now)
        #expect(try store.evaluatedWindows(model: model).count == 1)
        let renderer = DashboardRenderer(store: store, templates: try DashboardTemplates(directory: TestPaths.templates))
        let report = try renderer.render(to: directory.url.appendingPathComponent("site"), now: now)
        #expect(report.pages.count == 5, "model page, two feature pages, one status list and the index")
        for page in report.pages {
            let html = try String(
                contentsOf: directory.url.appendingPathComponent("site").appendingPathComponent(page.path), encoding: .utf8)
            #expect(PageChecks.xmlError(html) == nil, "\(page.path)")
        }
    }
}
