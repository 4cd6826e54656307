import Foundation
import Testing

@testable import DriftDashboards

@Suite("Templates and atomic writes")
struct SiteInfrastructureTests {
    @Test("the templates are found under the current directory, then above the executable")
    func locateTemplates() throws {
        let scratch = try ScratchDirectory()
        let checkout = scratch.url.appendingPathComponent("checkout")
        let templates = checkout.appendingPathComponent("dashboards/templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        for file in ["index.mustache", "dashboard.css"] {
            try "".write(to: templates.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let elsewhere = scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)

        #expect(
            try DashboardTemplates.locate(currentDirectory: checkout.path, executablePath: nil).path == templates.path)
        let found = try DashboardTemplates.locate(
            currentDirectory: elsewhere.path,
            executablePath: checkout.appendingPathComponent(".build/release/driftwatch").path)
        #expect(found.path == templates.path)
        #expect(
            try DashboardTemplates.locate(
                explicit: "../checkout/dashboards/templates", currentDirectory: elsewhere.path
            ).path == templates.path)
    }

    @Test("when no templates are found, one line names every place looked at")
    func templatesNotFound() throws {
        let scratch = try ScratchDirectory()
        do {
            _ = try DashboardTemplates.locate(
                currentDirectory: scratch.url.path, executablePath: scratch.path("bin/driftwatch"))
            Issue.record("expected templatesNotFound")
        } catch {
            #expect(error.code == .templatesNotFound)
            #expect(error.message.contains(scratch.url.appendingPathComponent("dashboards/templates").path))
            #expect(error.message.contains(scratch.path("bin")))
            #expect(error.message.contains("--templates"))
            #expect(!error.message.contains("\n"))
        }
        do {
            _ = try DashboardTemplates.locate(explicit: scratch.path("nope"), currentDirectory: scratch.url.path)
            Issue.record("expected templatesNotFound")
        } catch {
            #expect(error.code == .templatesNotFound && error.message.contains(scratch.path("nope")))
        }
    }

    @Test("a template with a Mustache error is named with its line and column")
    func templateSyntax() throws {
        let scratch = try ScratchDirectory()
        for name in DashboardTemplates.requiredTemplates {
            try "ok".write(
                to: scratch.url.appendingPathComponent(name + ".mustache"), atomically: true, encoding: .utf8)
        }
        try "body {}".write(to: scratch.url.appendingPathComponent("dashboard.css"), atomically: true, encoding: .utf8)
        _ = try DashboardTemplates(directory: scratch.url)
        try "line one\n{{#open}} never closed".write(
            to: scratch.url.appendingPathComponent("model.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try DashboardTemplates(directory: scratch.url)
            Issue.record("expected templateSyntax")
        } catch {
            #expect(error.code == .templateSyntax)
            #expect(error.message.contains("model.mustache:2:"))
        }
        try "a > b & c".write(
            to: scratch.url.appendingPathComponent("dashboard.css"), atomically: true, encoding: .utf8)
        try "ok".write(to: scratch.url.appendingPathComponent("model.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: DashboardError.self) { try DashboardTemplates(directory: scratch.url) }
    }

    @Test("an atomic write replaces the file whole and leaves no temporary file")
    func atomicWrite() throws {
        let scratch = try ScratchDirectory()
        let target = scratch.url.appendingPathComponent("a/b/page.html")
        let writer = AtomicFileWriter()
        try writer.write("first", to: target)
        try writer.write(String(repeating: "second ", count: 100_000), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("second second"))
        #expect(scratch.files() == ["a/b/page.html"])
    }

    @Test("a failed write reports the file and removes its temporary file")
    func failedWrite() throws {
        let scratch = try ScratchDirectory()
        let target = scratch.url.appendingPathComponent("taken")
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        do {
            try AtomicFileWriter().write("page", to: target)
            Issue.record("expected a write error: the target is a non-empty directory")
        } catch {
            #expect(error.code == .write)
            #expect(error.message.contains(target.path))
        }
        #expect(scratch.files().isEmpty)
    }
}
