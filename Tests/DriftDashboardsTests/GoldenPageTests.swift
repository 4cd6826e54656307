import Foundation
import Testing

@testable import DriftDashboards

/// The pages of ``TinyFixture`` compared byte for byte with `Fixtures/golden/`.
///
/// After an intended change to a template, the CSS or a chart, regenerate the expected pages and review
/// their diff:
/// ```
/// DRIFTWATCH_UPDATE_GOLDEN=1 swift test --filter DriftDashboardsTests.GoldenPageTests
/// git diff Tests/DriftDashboardsTests/Fixtures/golden
/// ```
@Suite("Golden pages of a tiny fixture")
struct GoldenPageTests {
    static let updating = ProcessInfo.processInfo.environment["DRIFTWATCH_UPDATE_GOLDEN"] == "1"

    private func pages() throws -> [DashboardSite.Page] {
        let templates = try DashboardTemplates(directory: TestPaths.templates)
        let site = DashboardSite(templates: templates, options: DashboardOptions())
        return site.allPages([TinyFixture.snapshot, TinyFixture.emptySnapshot], now: TinyFixture.now)
    }

    @Test("every page of the fixture matches its golden file")
    func matchesGolden() throws {
        let pages = try pages()
        #expect(
            pages.map(\.path) == [
                "models/loans/index.html", "models/loans/features/age.html", "models/loans/features/purpose.html",
                "models/fresh/index.html", "models/fresh/features/x.html", "status-drifting.html",
                "status-no_data.html", "index.html",
            ])
        for page in pages {
            let url = TestPaths.golden.appendingPathComponent(page.path)
            if Self.updating {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try page.html.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            if expected != page.html {
                let actual = page.html.split(separator: "\n", omittingEmptySubsequences: false)
                let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let line =
                    zip(actual, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(actual.count, wanted.count)
                Issue.record(
                    "\(page.path) differs from its golden file at line \(line + 1) (regenerate with DRIFTWATCH_UPDATE_GOLDEN=1 and review the diff):\nexpected: \(line < wanted.count ? String(wanted[line].prefix(300)) : "<end>")\nactual:   \(line < actual.count ? String(actual[line].prefix(300)) : "<end>")"
                )
            }
        }
    }

    @Test("every page parses as XML and refers to nothing outside itself")
    func wellFormedAndSelfContained() throws {
        for page in try pages() {
            #expect(PageChecks.xmlError(page.html) == nil, "\(page.path): \(PageChecks.xmlError(page.html) ?? "")")
            #expect(
                PageChecks.externalReferences(page.html).isEmpty,
                "\(page.path): \(PageChecks.externalReferences(page.html))")
        }
    }

    @Test("the pages carry titles, labels, legends and both colour schemes")
    func readable() throws {
        let pages = try pages()
        let model = try #require(pages.first { $0.path == "models/loans/index.html" }).html
        #expect(model.contains("<title>loans · Driftwatch</title>"))
        #expect(model.contains("prefers-color-scheme: dark"))
        #expect(model.contains("<meta name=\"viewport\""))
        // Every chart is an image with an accessible name and a tooltip title.
        let svgs = model.components(separatedBy: "<svg class=\"chart").count - 1
        let labelled = model.components(separatedBy: "role=\"img\" aria-label=\"").count - 1
        #expect(svgs > 5)
        #expect(labelled >= svgs)
        #expect(model.contains("class=\"legend\""))
        #expect(model.contains("threshold 0.2: drift at or above"), "the heatmap's key marks the threshold")
        #expect(model.contains("class=\"hm h"), "heatmap cells are drawn")
        #expect(model.contains("reference accuracy"), "performance shows the reference value")
        #expect(model.contains("psi-high · age"), "the alert timeline lists the alert")
        #expect(model.contains("oncall: delivered"), "deliveries are listed")
        let fresh = try #require(pages.first { $0.path == "models/fresh/index.html" }).html
        #expect(fresh.contains("No window of this model has been evaluated yet."))
        #expect(fresh.contains("No alerts recorded."))
        let index = try #require(pages.last).html
        #expect(index.contains("no data"))
        #expect(index.contains("drifting"), "a feature drifted in half the features of the latest complete window")
    }
}
