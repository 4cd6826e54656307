import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

@testable import DriftDashboards

/// The versions and segments sections and the slice pages, rendered from a real SQLite store whose slice
/// windows the real evaluation service computed; the expected numbers are counted from the inserted events.
@Suite("Slices on the dashboards")
struct SliceRenderTests {
    static let hour: Int64 = 3_600_000
    /// 2026-01-05T00:00:00Z.
    static let start: Int64 = 1_767_571_200_000
    static let model = ModelName("loans")!
    static var now: Int64 { start + 3 * hour + 600_000 }

    /// One inserted request, kept to compute the expectations.
    struct Sent {
        var hour: Int64
        var version: String
        var region: String
        var correct: Bool
    }

    /// Three hours of 200 requests: version `a` serves three in four (90% correct), `b` one in four (60%
    /// correct); half are tagged `region: eu`, whose `x` moves in the third hour.
    private func populatedStore(_ directory: ScratchDirectory) throws -> (SQLiteStore, [Sent]) {
        let store = try SQLiteStore(path: directory.path("store.sqlite"))
        var random = SplitMix64(seed: 11)
        var x: [Double] = []
        var colors: [String?] = []
        var labels: [String?] = []
        var predictions: [String?] = []
        for _ in 0..<600 {
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
        try store.saveReference(
            model: Self.model, schema: prepared.schema, profile: prepared.profile, rowCount: 600,
            at: Self.start - Self.hour, performance: prepared.performance())
        var events: [Event] = []
        var sent: [Sent] = []
        for index in 0..<600 {
            let hourIndex = Int64(index / 200)
            let version = index % 4 == 0 ? "b" : "a"
            let region = index % 2 == 0 ? "eu" : "us"
            let shift = region == "eu" && hourIndex == 2 ? 6.0 : 0
            let prediction = random.nextUnit() < 0.5
            let correct = random.nextUnit() < (version == "a" ? 0.9 : 0.6)
            events.append(
                Event(
                    id: "r\(index)",
                    timestampMilliseconds: Self.start + hourIndex * Self.hour + Int64(index % 200) * 10_000,
                    features: [
                        .init(name: "x", value: .number(random.nextUnit() * 10 + shift)),
                        .init(name: "color", value: .string(["red", "green", "blue"][Int(random.nextUnit() * 3)])),
                    ],
                    prediction: .number(prediction ? 1 : 0),
                    label: .number((correct ? prediction : !prediction) ? 1 : 0),
                    modelVersion: version, tags: [.init(key: "region", value: region)]))
            sent.append(Sent(hour: hourIndex, version: version, region: region, correct: correct))
        }
        try store.insertEvents(model: Self.model, events: events, receivedAt: Self.start)
        var settings = EvaluationSettings(minSamples: 50)
        settings.segments.keys = ["region"]
        let service = try EvaluationService(store: store, defaultSettings: settings, now: { Self.now })
        _ = try service.evaluateAllDue(now: Self.now)
        return (store, sent)
    }

    private func render(_ directory: ScratchDirectory, _ store: SQLiteStore) throws -> (URL, RenderReport) {
        var renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates))
        renderer.synchronizeWrites = false
        let output = directory.url.appendingPathComponent("site")
        return (output, try renderer.render(to: output, now: Self.now))
    }

    private func accuracy(_ sent: [Sent]) -> Double {
        Double(sent.filter(\.correct).count) / Double(sent.count)
    }

    @Test("the model page has a versions section with each version's events, latest accuracy and comparison")
    func versionsSection() throws {
        let directory = try ScratchDirectory()
        let (store, sent) = try populatedStore(directory)
        let (output, _) = try render(directory, store)
        let html = try String(contentsOf: output.appendingPathComponent("models/loans/index.html"), encoding: .utf8)
        #expect(PageChecks.xmlError(html) == nil)
        #expect(html.contains(#"<section id="versions">"#))
        #expect(html.contains("Accuracy per version") && html.contains("Traffic share per version"))
        for version in ["a", "b"] {
            let mine = sent.filter { $0.version == version }
            let latest = mine.filter { $0.hour == 2 }
            let row =
                #"<tr><th scope="row"><a href="slice-model_version~3a\#(version).html">model_version:\#(version)</a></th>"#
                + #"<td class="num">\#(mine.count)</td><td class="num">3</td>"#
                + #"<td class="num">\#(TextFormat.number(accuracy(latest)))</td>"#
            #expect(html.contains(row), "row of \(version): \(row)")
        }
        // a has the most events, so it is the primary; b − a over every event (all within the last day).
        let difference =
            (accuracy(sent.filter { $0.version == "b" }) - accuracy(sent.filter { $0.version == "a" })) * 100
        #expect(html.contains("<b>b vs a</b>: \(TextFormat.decimal(difference, digits: 1)) points, 95% CI ["))
        #expect(html.contains("Latest comparison: accuracy difference with the primary"))
        #expect(html.contains("b − a: \(TextFormat.decimal(difference, digits: 1)) points"), "the error bar's tooltip")
    }

    @Test("the segments heatmap shows the region whose inputs moved, and every slice has its page")
    func segmentsAndSlicePages() throws {
        let directory = try ScratchDirectory()
        let (store, sent) = try populatedStore(directory)
        let (output, report) = try render(directory, store)
        let html = try String(contentsOf: output.appendingPathComponent("models/loans/index.html"), encoding: .utf8)
        #expect(html.contains(#"<section id="segments">"#))
        // In the third hour eu's x moved and its color did not: one of its two compared features drifted.
        #expect(
            html.contains(
                "region:eu, \(TextFormat.time(Self.start + 2 * Self.hour)): \(TextFormat.percent(1.0 / 2)) of features drifted"
            ))
        #expect(
            html.contains(
                "region:us, \(TextFormat.time(Self.start + 2 * Self.hour)): \(TextFormat.percent(0)) of features drifted"
            ))
        let eu = sent.filter { $0.region == "eu" }
        #expect(html.contains(#"<a href="slice-region~3aeu.html">region:eu</a></th><td class="num">\#(eu.count)</td>"#))
        let slicePages = report.pages.filter { $0.kind == .slice }.map(\.path).sorted()
        #expect(
            slicePages == [
                "models/loans/slice-model_version~3aa.html", "models/loans/slice-model_version~3ab.html",
                "models/loans/slice-region~3aeu.html", "models/loans/slice-region~3aus.html",
            ])
        let page = try String(
            contentsOf: output.appendingPathComponent("models/loans/slice-region~3aeu.html"), encoding: .utf8)
        #expect(PageChecks.xmlError(page) == nil)
        #expect(page.contains("<h1>loans · region:eu</h1>"))
        #expect(page.contains(#"<a href="index.html">loans</a> › region:eu"#))
        #expect(!page.contains(#"<section id="versions">"#))
        #expect(page.contains("\(TextFormat.grouped(eu.count))"))
    }

    @Test("a slice's page shows its latest window's histograms and its own alerts, not the other slices'")
    func slicePageHistogramsAndAlerts() throws {
        let directory = try ScratchDirectory()
        let (store, sent) = try populatedStore(directory)
        // An alert of region:eu's drifted-feature share as the alerter stores it, and one of the whole model.
        let windowStart = Self.start + 2 * Self.hour
        var euAlert = AlertTransitionRecord(
            rule: "share", model: Self.model.rawValue, feature: "", state: "firing", at: Self.now - 60_000,
            value: 0.5, windowStart: windowStart, windowEnd: windowStart + Self.hour)
        euAlert.slice = "region:eu"
        let wholeAlert = AlertTransitionRecord(
            rule: "volume", model: Self.model.rawValue, feature: "", state: "pending", at: Self.now - 60_000,
            value: 200, windowStart: windowStart, windowEnd: windowStart + Self.hour)
        try store.commitAlerts(AlertCommit(transitions: [euAlert, wholeAlert]))
        var renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates),
            alerts: StoreAlertTimeline(store: store))
        renderer.synchronizeWrites = false
        let output = directory.url.appendingPathComponent("site")
        try renderer.render(to: output, now: Self.now)
        func page(_ name: String) throws -> String {
            try String(contentsOf: output.appendingPathComponent("models/loans/\(name)"), encoding: .utf8)
        }

        let eu = try page("slice-region~3aeu.html")
        #expect(PageChecks.xmlError(eu) == nil)
        #expect(eu.contains(#"<section id="histograms">"#))
        // The latest window's eu rows: both features binned, each with the slice's count of values.
        let latestEU = sent.filter { $0.region == "eu" && $0.hour == 2 }.count
        let title = "Reference v1 and the window of \(TextFormat.time(windowStart)): \(TextFormat.grouped(latestEU)) values"
        #expect(eu.contains(title), "histograms titled: \(title)")
        #expect(eu.contains("x: bin edges") && eu.contains("color: category"), "one histogram per feature")
        #expect(eu.contains("share · region:eu"))
        #expect(!eu.contains("volume"))

        let versionB = try page("slice-model_version~3ab.html")
        let latestB = sent.filter { $0.version == "b" && $0.hour == 2 }.count
        #expect(versionB.contains("window of \(TextFormat.time(windowStart)): \(TextFormat.grouped(latestB)) values"))
        #expect(versionB.contains("No alerts recorded."))

        let model = try page("index.html")
        #expect(model.contains("share · region:eu") && model.contains("volume"))
        #expect(!model.contains(#"<section id="histograms">"#))
        for name in ["slice-region~3aeu.html", "slice-region~3aus.html", "index.html"] {
            let bytes = try page(name).utf8.count
            #expect(bytes < 1_000_000, "\(name): \(bytes) bytes")
        }
    }
}
