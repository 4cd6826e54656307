import ArgumentParser
import DriftCore
import DriftDashboards
import DriftStore
import Foundation

/// `driftwatch bench render`: renders the dashboards of a synthetic model (30 days of hourly windows,
/// 50 features by default) from a real temporary store and prints page sizes and times per page kind.
/// With `--models N`, a fleet instead: the whole site, then again after one model's new window.
struct BenchRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time the dashboards of a synthetic model: page bytes and render ms per page kind.",
        discussion: """
            Budget: a model page with 720 windows and 50 features under 1 MB, rendered in under a second. \
            Times are the best of --repeat renders; 'load' is reading the store, 'render' building the HTML. \
            --models N (e.g. 1000 with --windows 48 --features 7) renders a fleet: the whole site, then only \
            what changed after one model got a new window, as `serve` does after an evaluation pass.
            """
    )

    @Option(help: "Window slots of the synthetic model.")
    var windows = 720

    @Option(help: "Features of the synthetic model (four fifths numeric).")
    var features = 50

    @Option(name: .customLong("repeat"), help: "Renders; the best time is reported.")
    var repetitions = 3

    @Option(help: "Templates directory (default: searched as by `driftwatch render`).")
    var templates: String?

    @Option(help: "Also render the synthetic model's site into this directory and keep it (for screenshots).")
    var out: String?

    @Option(help: "Models of a synthetic fleet (1 = one model, timed per page kind).")
    var models = 1

    func validate() throws {
        guard (2...20_000).contains(windows) else { throw ValidationError("--windows must be between 2 and 20000") }
        guard (1...1_000).contains(features) else { throw ValidationError("--features must be between 1 and 1000") }
        guard (1...100).contains(repetitions) else { throw ValidationError("--repeat must be between 1 and 100") }
        guard (1...100_000).contains(models) else { throw ValidationError("--models must be between 1 and 100000") }
    }

    func run() async throws {
        let library: DashboardTemplates
        do {
            library = try DashboardTemplates.load(explicit: templates)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "driftwatch-bench-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let numeric = max(features * 4 / 5, features == 1 ? 1 : 0)
        let shape = DashboardBenchmark.Shape(windows: windows, numeric: numeric, categorical: features - numeric)
        let end: Int64 = 1_767_225_600_000 + Int64(windows) * shape.windowMilliseconds
        if models > 1 {
            try fleet(store: store, library: library, directory: directory, shape: shape, end: end)
            return
        }
        guard let model = ModelName("bench") else { return }
        let populate = try await measureSeconds {
            try DashboardBenchmark.populate(store: store, model: model, shape: shape, end: end)
        }
        print(
            "Driftwatch dashboard benchmark: 1 model, \(windows) windows × \(features) features (\(numeric) numeric), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        print(
            "(store filled in \(BenchStatsCommand.seconds(populate)); best of \(repetitions) renders; sizes are per page)"
        )
        print("")
        var best: RenderReport?
        for run in 0..<repetitions {
            var renderer = DashboardRenderer(store: store, templates: library)
            renderer.synchronizeWrites = true
            let report = try renderer.render(to: directory.appendingPathComponent("site-\(run)"), now: end)
            if best == nil || report.totalMilliseconds < best!.totalMilliseconds { best = report }
        }
        guard let report = best else { return }
        if let out {
            try DashboardRenderer(store: store, templates: library).render(to: URL(fileURLWithPath: out), now: end)
        }
        var table = [["page kind", "pages", "bytes (max)", "bytes (mean)", "render ms (max)", "render ms (total)"]]
        for kind in PageKind.allCases {
            let pages = report.pages.filter { $0.kind == kind }
            guard !pages.isEmpty else { continue }
            let bytes = pages.map(\.bytes)
            let times = pages.map(\.renderMilliseconds)
            table.append([
                kind.rawValue, "\(pages.count)", Self.bytes(bytes.max() ?? 0),
                Self.bytes(bytes.reduce(0, +) / pages.count),
                String(format: "%.1f", times.max() ?? 0), String(format: "%.1f", times.reduce(0, +)),
            ])
        }
        print(renderTable(table))
        print("")
        print(
            String(
                format:
                    "load (store + alerts) %.1f ms, write (atomic, fsync) %.1f ms, whole render %.1f ms, %@ written",
                report.loadMilliseconds, report.writeMilliseconds, report.totalMilliseconds,
                Self.bytes(report.totalBytes)))
        if let peak = ResourceUsage.peakResidentMiB() { print(String(format: "peak RSS %.0f MiB", peak)) }
        if let out { print("site kept in \(out)") }
    }

    static func bytes(_ count: Int) -> String {
        count >= 1_048_576
            ? String(format: "%.2f MiB", Double(count) / 1_048_576)
            : count >= 1024 ? String(format: "%.1f KiB", Double(count) / 1024) : "\(count) B"
    }
}
