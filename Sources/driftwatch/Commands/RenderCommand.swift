import DriftCore
import ArgumentParser
import DriftDashboards
import DriftEvaluation
import DriftServer
import DriftPostgres
import DriftStore
import Foundation

/// `driftwatch render`: writes the static dashboards of every model in a store.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the static HTML dashboards of every model.",
        discussion: """
            Writes index.html, models/<model>/index.html and models/<model>/features/<feature>.html. Every \
            page is self-contained (inline CSS and SVG, no script, no external resource) and written \
            atomically, so a static host can serve the directory while it is rendered again.
            Templates: --templates, else dashboards.templates from --config, else dashboards/templates under \
            the current directory, else the nearest dashboards/templates above the executable.
            Exit status: 0 = rendered, 1 = a page could not be written, 2 = bad input (no store, no templates, \
            bad configuration).
            """
    )

    @Option(help: "SQLite database file (default: store.path from --config, else driftwatch.sqlite).")
    var db: String?

    @Option(help: "Output directory (default: dashboards.out from --config, else dashboards/site).")
    var out: String?

    @Option(help: "Templates directory (default: dashboards.templates from --config, else searched).")
    var templates: String?

    @Option(help: "YAML configuration file of `driftwatch serve` (store.path, dashboards.out, dashboards.templates).")
    var config: String?

    @Option(help: "Most windows per model page (720 = 30 days of hourly windows).")
    var windows = 720

    func validate() throws {
        guard (1...100_000).contains(windows) else { throw ValidationError("--windows must be between 1 and 100000") }
    }

    func run() async throws {
        var settings = ServerConfiguration()
        if let config {
            do {
                settings = try ServerConfiguration.load(file: config)
            } catch {
                printError("error: \(error.description)")
                throw ExitCode(2)
            }
        }
        let storePath = db ?? (config != nil ? settings.storePath : "driftwatch.sqlite")
        let output = out ?? settings.dashboardsOutput ?? "dashboards/site"
        guard PostgresURL.isPostgres(storePath) || FileManager.default.fileExists(atPath: storePath) else {
            printError("error: no store at \(storePath); pass --db FILE (the file `driftwatch serve` writes)")
            throw ExitCode(2)
        }
        let library: DashboardTemplates
        do {
            library = try DashboardTemplates.load(explicit: templates ?? settings.dashboardsTemplates)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
        let store: any StoragePort
        do {
            store = try StoreOpener.open(storePath)
        } catch {
            printError("error: cannot open store \(StoreOpener.describe(storePath)): \(error.message)")
            throw ExitCode(2)
        }
        let renderer = DashboardRenderer(
            store: store, templates: library, alerts: StoreAlertTimeline(store: store),
            options: DashboardOptions(maxWindows: windows))
        let report: RenderReport
        do {
            report = try renderer.render(to: URL(fileURLWithPath: output), now: WallClock.system())
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(error.code == .write ? 1 : 2)
        }
        for (model, status) in report.statuses.sorted(by: { $0.key < $1.key }) {
            print("\(model): \(status.rawValue)")
        }
        print(
            "rendered \(report.pages.count) page\(report.pages.count == 1 ? "" : "s") for \(report.statuses.count) model\(report.statuses.count == 1 ? "" : "s") into \(output) "
                + "(\(report.totalBytes / 1024) KiB, \(Int(report.totalMilliseconds.rounded())) ms); open \(output)/index.html"
        )
    }
}
