public import Foundation
import Mustache

/// The Mustache templates and the stylesheet of the dashboards (`dashboards/templates/`), loaded and
/// parsed once, so that every render reuses them.
///
/// The directory holds `index.mustache`, `model.mustache` and `feature.mustache` (one per page kind),
/// the partials `head`, `footer` and `chart`, and `dashboard.css`, which is inlined into every page
/// together with the chart colours (``ColorScale``), so that a page needs no other file.
public struct DashboardTemplates: Sendable {
    /// Template names (file names without `.mustache`) that must be present.
    public static let requiredTemplates = ["head", "footer", "chart", "index", "model", "feature"]
    /// The stylesheet's file name.
    public static let stylesheet = "dashboard.css"
    /// The relative path the renderer looks for under the current directory and the executable's
    /// ancestors.
    public static let conventionalPath = "dashboards/templates"

    /// The directory the templates were read from.
    public let directory: URL
    let library: MustacheLibrary
    /// The stylesheet followed by the chart colours, as it goes into each page's `<style>`.
    let css: String

    /// Reads and parses every template and the stylesheet in `directory`.
    /// - Throws: ``DashboardError/Code/templateMissing`` naming the missing file,
    ///   ``DashboardError/Code/templateSyntax`` with the file, line and column of a Mustache error, or
    ///   when the stylesheet contains `<` or `&` (it is inlined into pages that must parse as XML).
    public init(directory: URL) throws(DashboardError) {
        self.directory = directory
        var library = MustacheLibrary()
        for name in Self.requiredTemplates {
            let file = directory.appendingPathComponent(name + ".mustache")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw DashboardError(
                    .templateMissing, "cannot read template \(file.path): the templates directory is incomplete")
            }
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw DashboardError(
                    .templateSyntax,
                    "\(file.path):\(error.context.lineNumber):\(error.context.columnNumber): \(error.error)")
            } catch {
                throw DashboardError(.templateSyntax, "\(file.path): \(error)")
            }
        }
        let stylesheet = directory.appendingPathComponent(Self.stylesheet)
        guard let css = try? String(contentsOf: stylesheet, encoding: .utf8) else {
            throw DashboardError(
                .templateMissing, "cannot read \(stylesheet.path): the templates directory is incomplete")
        }
        guard !css.contains("<"), !css.contains("&") else {
            throw DashboardError(
                .templateSyntax,
                "\(stylesheet.path): '<' and '&' are not allowed (the CSS is inlined into XHTML-compatible pages)")
        }
        self.library = library
        self.css = css + ColorScale.css(buckets: Heatmap.buckets)
    }

    /// Renders the named template with `view` (its properties are the template's names).
    func render(_ name: String, _ view: Any) -> String {
        library.render(view, withTemplate: name) ?? ""
    }

    /// Finds the templates directory:
    /// 1. `explicit` (the `--templates` flag or the `dashboards.templates` configuration key), when given;
    /// 2. `dashboards/templates` under `currentDirectory`;
    /// 3. `dashboards/templates` in the executable's directory or any directory above it (a build in
    ///    `.build/release/` of a checkout finds the checkout's templates).
    ///
    /// - Throws: ``DashboardError/Code/templatesNotFound`` with one line naming every place looked at.
    public static func locate(
        explicit: String? = nil, currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = Self.executablePath()
    ) throws(DashboardError) -> URL {
        if let explicit {
            let url = URL(
                fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true)
            )
            .standardizedFileURL
            guard holdsTemplates(url) else {
                throw DashboardError(
                    .templatesNotFound,
                    "no dashboard templates in \(url.path) (expected index.mustache and \(stylesheet) there)")
            }
            return url
        }
        var looked: [String] = []
        let local = URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent(conventionalPath)
            .standardizedFileURL
        if holdsTemplates(local) { return local }
        looked.append(local.path)
        if let executablePath {
            var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while true {
                let candidate = directory.appendingPathComponent(conventionalPath)
                if holdsTemplates(candidate) { return candidate.standardizedFileURL }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path || directory.path == "/" { break }
                directory = parent
            }
            looked.append(
                "\(conventionalPath) in \(URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent().path) and every directory above it"
            )
        }
        throw DashboardError(
            .templatesNotFound,
            "no dashboard templates found; looked in \(looked.joined(separator: " and ")); pass --templates DIR or set dashboards.templates"
        )
    }

    /// Loads the templates from the directory ``locate(explicit:currentDirectory:executablePath:)`` finds.
    public static func load(explicit: String? = nil) throws(DashboardError) -> DashboardTemplates {
        try DashboardTemplates(directory: locate(explicit: explicit))
    }

    /// The running executable's path (`/proc/self/exe` on Linux), or nil when unknown.
    public static func executablePath() -> String? {
        Bundle.main.executablePath ?? CommandLine.arguments.first
    }

    private static func holdsTemplates(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("index.mustache").path)
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent(stylesheet).path)
    }
}
