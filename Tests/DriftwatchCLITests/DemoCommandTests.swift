import Foundation
import Testing

/// `driftwatch demo` end to end, shortened: it must stream, alert through signed webhooks, trigger a
/// retrain, write the dashboards and exit 0 with nothing left running.
@Suite("Demo", .serialized)
struct DemoCommandTests {
    @Test func aShortDemoRunsTheWholeLoop() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        let output = try BinaryRunner.run([
            "demo", "--hours", "24", "--out", site.path,
            "--reference", BinaryRunner.packageRoot.appendingPathComponent("examples/loans_reference.csv").path,
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let text = output.standardOutput
        #expect(text.contains("hour 24/24"))
        #expect(text.contains("receiver: FIRING"), "drift in the second third must page")
        #expect(text.contains("[signature ok]"))
        #expect(!text.contains("REJECTED"))
        #expect(text.contains("0 bad signature(s)"))
        #expect(text.contains("0 dead-lettered"))
        #expect(
            text.contains("Estimated accuracy (no labels needed) fired"),
            "the estimate pages on the concept-drift third's scores before its late labels")
        #expect(text.contains("Dashboard: \(site.path)/index.html"))
        let canary = try #require(text.split(separator: "\n").first { $0.hasPrefix("Canary,") })
        #expect(canary.contains("v2 is") && canary.contains("than v1 in accuracy, 95% CI ["), "\(canary)")
        #expect(canary.contains("worse"), "the canary is worse after the concept drift: \(canary)")
        #expect(text.contains("The shadow v3 scored"), "the shadow is paired with v1 by id")
        #expect(text.contains("First window with a drifted feature: region:eu "))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("loan-default"))
        let modelPage = try String(
            contentsOf: site.appendingPathComponent("models/loan-default/index.html"), encoding: .utf8)
        #expect(modelPage.contains("<svg"))
        #expect(modelPage.contains("feature-drift"), "the alert timeline shows the alerts that fired")
        #expect(modelPage.contains(#"<section id="versions">"#) && modelPage.contains("v2 − v1"))
        #expect(modelPage.contains(#"<section id="segments">"#) && modelPage.contains("region:eu"))
        for slice in ["model_version~3av1", "model_version~3av2", "model_version~3av3", "region~3aeu", "region~3aus"] {
            #expect(
                FileManager.default.fileExists(atPath: site.appendingPathComponent("models/loan-default/slice-\(slice).html").path),
                "slice page \(slice)")
        }
    }
}
