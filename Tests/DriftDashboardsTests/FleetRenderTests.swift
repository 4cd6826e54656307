import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

@testable import DriftDashboards

/// A fleet in a real store: re-rendering after one model changed rewrites that model's pages and the
/// lists, and leaves every other file as it was (same inode: the writer renames a new file over the old
/// one, so a rewritten page always has a new inode).
@Suite("Rendering a fleet: only what changed")
struct FleetRenderTests {
    static let models = 30

    private static func name(_ index: Int) -> ModelName { ModelName(String(format: "model-%03d", index))! }

    /// `models` models with the tiny fixture's features, each with two evaluated windows.
    private func fleet(_ directory: ScratchDirectory) throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.path("fleet.sqlite"))
        var random = SplitMix64(seed: 3)
        let prepared = try ReferenceBuilder.prepare(columns: [
            ("age", .numeric((0..<200).map { _ in 18 + random.nextUnit() * 60 })),
            ("purpose", .categorical(CategoricalColumn(values: (0..<200).map { ["car", "home", "debt"][$0 % 3] }))),
        ])
        for index in 0..<Self.models {
            let model = Self.name(index)
            try store.saveReference(
                model: model, schema: prepared.schema, profile: prepared.profile, rowCount: 200,
                at: TinyFixture.start - TinyFixture.hour, performance: nil)
            for slot in 0..<2 {
                try store.saveWindowResult(model: model, result: window(slot: Int64(slot), drift: index % 7 == 0))
            }
        }
        return store
    }

    private func window(slot: Int64, drift: Bool) -> WindowResult {
        TinyFixture.window(
            slot, age: (drift ? 0.4 : 0.02, drift ? 1e-6 : 0.6, drift),
            purpose: TinyFixture.purpose(psi: 0.01, p: 0.7, drift: false), accuracy: 0.89, estimated: 0.88)
    }

    /// Inode and modification time of every file under `directory`, by relative path.
    private func identities(_ directory: URL) throws -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let path = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(
                atPath: directory.appendingPathComponent(path).path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue ?? -1
            let modified = (attributes[.modificationDate] as? Date).map { Int($0.timeIntervalSince1970 * 1e6) } ?? -1
            result[path] = [inode, modified]
        }
        return result
    }

    private func renderer(_ store: SQLiteStore) throws -> DashboardRenderer {
        var renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates(directory: TestPaths.templates),
            alerts: StoreAlertTimeline(store: store))
        renderer.synchronizeWrites = false
        return renderer
    }

    @Test("one model's new window rewrites its pages and the lists; no other file is touched")
    func oneModelChanged() throws {
        let directory = try ScratchDirectory()
        let store = try fleet(directory)
        let renderer = try renderer(store)
        let cache = DashboardRenderCache()
        let site = directory.url.appendingPathComponent("site")
        let first = try renderer.render(to: site, now: TinyFixture.now, cache: cache, changed: [])
        #expect(first.unchangedModels == 0)
        #expect(first.statuses.count == Self.models)
        let before = try identities(site)
        #expect(before["models/model-004/index.html"] != nil)

        let changed = Self.name(4)
        try store.saveWindowResult(model: changed, result: window(slot: 2, drift: true))
        let second = try renderer.render(to: site, now: TinyFixture.now + 1_000, cache: cache, changed: [])
        #expect(second.unchangedModels == Self.models - 1)
        #expect(second.statuses[changed.rawValue] == .drifting)
        let rewritten = Set(second.pages.map(\.path))
        #expect(
            rewritten.filter { $0.hasPrefix("models/") }
                == Set([
                    "models/model-004/index.html", "models/model-004/features/age.html",
                    "models/model-004/features/purpose.html",
                ]))
        let after = try identities(site)
        for (path, identity) in before where !rewritten.contains(path) {
            #expect(after[path] == identity, "\(path) was rewritten")
        }
        for path in rewritten where before[path] != nil {
            #expect(after[path]?[0] != before[path]?[0], "\(path) was not rewritten")
        }
        let page = try String(contentsOf: site.appendingPathComponent("models/model-004/index.html"), encoding: .utf8)
        #expect(page.contains("2026-01-05 02:00"), "the new window is on the page")

        let third = try renderer.render(to: site, now: TinyFixture.now + 2_000, cache: cache, changed: [])
        #expect(third.unchangedModels == Self.models)
        #expect(third.pages.allSatisfy { $0.kind == .index || $0.kind == .statusList })
    }

    @Test("models named as changed, new references and models not seen before are rendered again")
    func otherChanges() throws {
        let directory = try ScratchDirectory()
        let store = try fleet(directory)
        let renderer = try renderer(store)
        let cache = DashboardRenderCache()
        let site = directory.url.appendingPathComponent("site")
        try renderer.render(to: site, now: TinyFixture.now, cache: cache, changed: [])

        // An older window re-evaluated: the stamp cannot see it; the evaluation loop names the model.
        let named = try renderer.render(to: site, now: TinyFixture.now, cache: cache, changed: ["model-009"])
        #expect(Set(named.pages.filter { $0.kind == .model }.map(\.path)) == ["models/model-009/index.html"])

        let reference = try #require(try store.latestReference(model: Self.name(11)))
        try store.saveReference(
            model: Self.name(11), schema: reference.schema, profile: reference.profile, rowCount: 200,
            at: TinyFixture.now, performance: nil)
        let fresh = try #require(ModelName("zz-new"))
        try store.saveReference(
            model: fresh, schema: reference.schema, profile: reference.profile, rowCount: 200, at: TinyFixture.now,
            performance: nil)
        let report = try renderer.render(to: site, now: TinyFixture.now, cache: cache, changed: [])
        #expect(
            Set(report.pages.filter { $0.kind == .model }.map(\.path))
                == ["models/model-011/index.html", "models/zz-new/index.html"])
        #expect(report.statuses["zz-new"] == .noData)

        // Another directory, or no cache: everything.
        let elsewhere = try renderer.render(
            to: directory.url.appendingPathComponent("other"), now: TinyFixture.now, cache: cache, changed: [])
        #expect(elsewhere.unchangedModels == 0)
    }
}

/// The lists of models at fleet scale, from index rows made by the real page code.
@Suite("The index of a fleet")
struct FleetIndexTests {
    /// `count` index rows with statuses spread over every case, names in no particular order.
    private func entries(_ count: Int) -> [IndexPage.Entry] {
        let snapshot = TinyFixture.snapshot
        let statuses: [ModelStatus] = [.ok, .ok, .ok, .drifting, .ok, .noTraffic, .ok, .degraded, .noData, .ok]
        return (0..<count).map { index in
            var copy = snapshot
            copy.name = ModelName(String(format: "fraud-%05d", (index * 7_919) % count))!
            let status = statuses[index % statuses.count]
            let reason: StatusReason = status == .noTraffic ? .silent(windowStart: TinyFixture.start) : .healthy
            return IndexPage.entry(
                copy, assessment: StatusAssessment(status: status, reason: reason), options: DashboardOptions())
        }
    }

    private func pages(_ count: Int) throws -> [(path: String, html: String)] {
        IndexPage.pages(
            entries: entries(count), templates: try DashboardTemplates(directory: TestPaths.templates),
            options: DashboardOptions(), now: TinyFixture.now)
    }

    @Test("1,000 models: under 1 MiB, counts at the top, problems first, a compact row each, lists by status")
    func thousand() throws {
        let pages = try pages(1_000)
        let index = try #require(pages.last)
        #expect(index.path == "index.html")
        #expect(index.html.utf8.count < 1_048_576, "index: \(index.html.utf8.count) bytes")
        #expect(!index.html.contains("<script"))
        #expect(!index.html.contains("class=\"card\""), "rows, not cards")
        #expect(index.html.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 1_000)
        #expect(index.html.contains("href=\"status-degraded.html\""))
        #expect(index.html.contains("100 degraded"))
        let positions = [
            "st-degraded\" title", "st-drifting\" title", "st-notraffic\" title", "st-ok\" title",
            "st-nodata\" title",
        ].map { index.html.range(of: $0)?.lowerBound }
        let found = positions.compactMap { $0 }
        #expect(found.count == 5 && found == found.sorted(), "degraded, drifting, no traffic, ok, no data")
        #expect(
            pages.map(\.path).sorted() == [
                "index.html", "status-degraded.html", "status-drifting.html", "status-no_data.html",
                "status-no_traffic.html", "status-ok.html",
            ])
        for page in pages {
            #expect(PageChecks.xmlError(page.html) == nil, "\(page.path): \(PageChecks.xmlError(page.html) ?? "")")
        }
        let okList = try #require(pages.first { $0.path == "status-ok.html" })
        #expect(okList.html.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 600)
    }

    @Test("a handful of models gets cards with sparklines")
    func few() throws {
        let index = try #require(try pages(5).last)
        #expect(index.html.contains("class=\"card\""))
        #expect(index.html.contains("<svg"))
    }

    @Test("10,000 models: every list page stays bounded; the status lists are paged")
    func tenThousand() throws {
        let pages = try pages(10_000)
        for page in pages {
            #expect(page.html.utf8.count < 1_048_576, "\(page.path): \(page.html.utf8.count) bytes")
        }
        let index = try #require(pages.last)
        #expect(index.html.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 1_000)
        #expect(index.html.contains("Showing the first 1,000 of 10,000 models"))
        let okPages = pages.map(\.path).filter { $0.hasPrefix("status-ok") }.sorted()
        #expect(okPages == (["status-ok.html"] + (2...6).map { "status-ok-\($0).html" }).sorted())
        let second = try #require(pages.first { $0.path == "status-ok-2.html" })
        #expect(second.html.contains("href=\"status-ok.html\"") && second.html.contains("href=\"status-ok-3.html\""))
    }
}
