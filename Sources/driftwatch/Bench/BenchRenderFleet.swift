import DriftCore
import DriftDashboards
import DriftEvaluation
import DriftStore
import Foundation

extension BenchRenderCommand {
    /// `--models N`: fills the store with N synthetic models, renders the whole site through a
    /// ``DashboardRenderCache``, gives one model a new window, and renders again as the server does after
    /// an evaluation pass; prints both times, the pages written and the size of the lists.
    func fleet(
        store: SQLiteStore, library: DashboardTemplates, directory: URL, shape: DashboardBenchmark.Shape, end: Int64
    ) throws {
        var fleetShape = shape
        fleetShape.recentEvents = min(shape.recentEvents, 60)
        let names = (0..<models).compactMap { ModelName(String(format: "model-%05d", $0)) }
        let clock = ContinuousClock()
        let populateStart = clock.now
        for (index, name) in names.enumerated() {
            var modelShape = fleetShape
            modelShape.seed = fleetShape.seed &+ UInt64(index)
            try DashboardBenchmark.populate(store: store, model: name, shape: modelShape, end: end)
        }
        let populate = (clock.now - populateStart).fractionalMilliseconds / 1_000
        print(
            "Driftwatch dashboard benchmark: \(models) models, \(windows) windows × \(features) features each, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        print(String(format: "(store filled in %.1f s; pages fsynced as in serve)", populate))
        print("")
        let renderer = DashboardRenderer(store: store, templates: library, alerts: StoreAlertTimeline(store: store))
        let site = directory.appendingPathComponent("site")
        let cache = DashboardRenderCache()
        let whole = try renderer.render(to: site, now: end, cache: cache, changed: [])

        // One model gets the next window, as an evaluation pass would store it.
        let changed = names[names.count / 2]
        guard var latest = try store.evaluatedWindows(model: changed).last else { return }
        let step = latest.end - latest.start
        latest.start += step
        latest.end += step
        latest.partial = true
        latest.evaluatedAt = end + step
        try store.saveWindowResult(model: changed, result: latest)
        let one = try renderer.render(to: site, now: end + step, cache: cache, changed: [changed.rawValue])
        let unchanged = try renderer.render(to: site, now: end + step, cache: cache, changed: [])

        var table = [["render", "pages written", "bytes written", "models re-read", "load ms", "write ms", "total ms"]]
        for (label, report) in [("whole site", whole), ("one model changed", one), ("nothing changed", unchanged)] {
            table.append([
                label, "\(report.pages.count)", Self.bytes(report.totalBytes),
                "\(report.statuses.count - report.unchangedModels)", String(format: "%.0f", report.loadMilliseconds),
                String(format: "%.0f", report.writeMilliseconds), String(format: "%.0f", report.totalMilliseconds),
            ])
        }
        print(renderTable(table))
        print("")
        let lists = one.pages.filter { $0.kind == .index || $0.kind == .statusList }
        let index = lists.first { $0.kind == .index }
        print(
            "index.html \(Self.bytes(index?.bytes ?? 0)); status lists: "
                + lists.filter { $0.kind == .statusList }.map { "\($0.path) \(Self.bytes($0.bytes))" }.joined(
                    separator: ", "))
        var counts: [ModelStatus: Int] = [:]
        for status in one.statuses.values { counts[status, default: 0] += 1 }
        print(
            "statuses: "
                + ModelStatus.problemsFirst.compactMap { status in counts[status].map { "\($0) \(status.label)" } }
                .joined(separator: ", "))
        if let peak = ResourceUsage.peakResidentMiB() { print(String(format: "peak RSS %.0f MiB", peak)) }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try renderer.render(to: URL(fileURLWithPath: out), now: end + step)
            print("site kept in \(out)")
        }
    }
}
