import ArgumentParser
import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation

/// `driftwatch bench evaluate`: what one evaluation pass costs over a window of N events × 25 features on
/// a real SQLite file — a full pass (every row streamed from the store in chunks and folded, then the
/// statistics) and an incremental pass after 10,000 more events (only the new rows folded into the kept
/// window state) — with each pass's time and peak resident memory, then the alert rules over the stored
/// result. Prints a table; use a release build.
struct BenchEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Time a full and an incremental evaluation pass over one window (20 numeric + 5 categorical features), and an alert pass."
    )

    @Option(help: "Events in the window (1000...20000000).")
    var events = 100_000

    @Option(help: "Rows in the reference.")
    var referenceRows = 100_000

    @Option(help: "How many times each pass is run (the median is reported).")
    var repeats = 3

    @Option(help: "Events added before each incremental pass.")
    var incrementalEvents = 10_000

    @Flag(help: "Also time the window with slices: 3 model versions and 0, 1 or 2 segment keys of 10 values each, against the unsliced full pass of the same run.")
    var slices = false

    @Flag(help: "Store the reference without a score calibration, so the window gets no estimated performance (CBPE); compare the two runs for its cost.")
    var withoutEstimate = false

    @Flag(help: "Store the events without a serving latency, so the window keeps no latencies for its percentiles; compare the two runs for their cost.")
    var withoutLatency = false

    func validate() throws {
        guard (1_000...20_000_000).contains(events) else { throw ValidationError("--events must be 1000...20000000") }
        guard (1_000...2_000_000).contains(referenceRows) else {
            throw ValidationError("--reference-rows must be 1000...2000000")
        }
        guard (1...50).contains(repeats) else { throw ValidationError("--repeats must be 1...50") }
        guard (1...1_000_000).contains(incrementalEvents) else {
            throw ValidationError("--incremental-events must be 1...1000000")
        }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("bench.sqlite").path)
        defer { try? store.close() }
        let model = ModelName("bench")!
        let schema = StoreBenchmark.schema(numeric: 20, categorical: 5)
        let windowStart: Int64 = 1_767_225_600_000
        let windowEnd = windowStart + EvaluationSettings.hour

        let profile = try referenceProfile(schema: schema)
        let version = try store.saveReference(model: model, schema: schema, profile: profile, rowCount: referenceRows, at: 0)
        guard let reference = try store.reference(model: model, version: version) else {
            throw ValidationError("the reference was not stored")
        }
        // The window's events, generated and stored in batches so the generator never holds the window.
        let batch = 50_000
        var stored = 0
        var batchIndex = 0
        while stored < events {
            let count = min(batch, events - stored)
            let start = windowStart + Int64(Double(stored) * Double(EvaluationSettings.hour) / Double(events))
            let window = StoreBenchmark.events(
                count: count, schema: schema, start: start,
                spacingMilliseconds: EvaluationSettings.hour / Int64(events), seed: 11 + UInt64(batchIndex),
                idPrefix: "w\(batchIndex)-", latency: !withoutLatency)
            _ = try StoreBenchmark.insertRate(store: store, model: model, events: window, batchSize: 5_000)
            stored += count
            batchIndex += 1
        }

        let settings = EvaluationSettings()
        let clock = ContinuousClock()
        var full: [(seconds: Double, peak: Double?, gathered: Int, replayed: Int)] = []
        var spill = (bytes: 0, direct: false)
        var fullCPU: [Double] = []
        var incrementalCPU: [Double] = []
        var kept = 0
        var incremental: [(seconds: Double, peak: Double?, gathered: Int, folded: Int)] = []
        var baseline: Double?
        for round in 0..<repeats {
            // A fresh cache: the window is evaluated from all its rows.
            let cache = WindowStateCache()
            MemoryTuning.releaseFreedMemory()
            baseline = ResourceUsage.residentMiB()
            ResourceUsage.resetPeakResident()
            let began = clock.now
            let cpuBegan = ResourceUsage.cpuSeconds()
            let (_, cost) = try cache.evaluate(
                model: model, start: windowStart, end: windowEnd, partial: true, reference: reference,
                settings: settings, store: store, evaluatedAt: windowEnd)
            full.append(
                ((clock.now - began).fractionalSeconds, ResourceUsage.peakResidentMiB(), cost.rowsGathered,
                 cost.rowsReplayed))
            fullCPU.append(ResourceUsage.cpuSeconds() - cpuBegan)
            spill = (max(spill.bytes, cost.bytesSpilled), cost.spilledDirect)
            kept = max(kept, cost.keptValues)
            guard cost.full, cost.rowsFolded == events + round * incrementalEvents else {
                throw ValidationError("the full pass did not read every event")
            }
            // More events in the same window, then a pass over the kept state.
            let more = StoreBenchmark.events(
                count: incrementalEvents, schema: schema, start: windowStart + 1_000,
                spacingMilliseconds: max(1, (EvaluationSettings.hour - 2_000) / Int64(incrementalEvents)),
                seed: 1_000 + UInt64(round), idPrefix: "late\(round)-", latency: !withoutLatency)
            _ = try StoreBenchmark.insertRate(store: store, model: model, events: more, batchSize: 5_000)
            ResourceUsage.resetPeakResident()
            let incrementalStart = clock.now
            let incrementalCPUStart = ResourceUsage.cpuSeconds()
            let (result, update) = try cache.evaluate(
                model: model, start: windowStart, end: windowEnd, partial: true, reference: reference,
                settings: settings, store: store, evaluatedAt: windowEnd)
            incremental.append(
                ((clock.now - incrementalStart).fractionalSeconds, ResourceUsage.peakResidentMiB(), update.rowsGathered,
                 update.rowsFolded))
            incrementalCPU.append(ResourceUsage.cpuSeconds() - incrementalCPUStart)
            guard !update.full, update.rowsFolded == incrementalEvents,
                result.statistics.count == events + (round + 1) * incrementalEvents
            else { throw ValidationError("the incremental pass did not fold exactly the new events") }
            guard (result.statistics.estimatedPerformance != nil) != withoutEstimate else {
                throw ValidationError("the window's estimated performance is not as asked")
            }
            guard (result.statistics.latency?.count ?? 0) == (withoutLatency ? 0 : result.statistics.count) else {
                throw ValidationError("the window's serving latency does not count every event")
            }
        }

        // The service stores the result; the alert rules read it.
        let service = try EvaluationService(store: store, defaultSettings: settings, now: { windowEnd + EvaluationSettings.hour })
        try service.evaluateDue(model: model)
        let rules = try RuleLoader.load(files: [RuleFile(path: "bench.yaml", text: Self.rules)])
        let alerter = Alerter(
            store: store, rules: RuleBook(rules), settings: AlertingSettings(now: { windowEnd + EvaluationSettings.hour }),
            wallClock: { 0 })
        let alertStart = clock.now
        let report = try alerter.evaluate(model: model)
        let alertTime = (clock.now - alertStart).fractionalMilliseconds

        func mib(_ value: Double?) -> String { value.map { String(format: "%.0f MiB", $0) } ?? "-" }
        let fullMedian = Self.median(full.map(\.seconds))
        let incrementalMedian = Self.median(incremental.map(\.seconds))
        var rows: [(String, String)] = [
            ("events in the window", "\(events)"),
            ("features", "\(schema.features.count) (20 numeric, 5 categorical)"),
            ("reference rows", "\(referenceRows)"),
            ("estimated performance (CBPE)", withoutEstimate ? "off (--without-estimate)" : "on"),
            ("serving latency per event (percentiles)", withoutLatency ? "off (--without-latency)" : "on"),
            ("resident memory before a full pass", mib(baseline)),
            (
                "full pass: stream + fold + statistics (median)",
                String(format: "%.2f s (CPU %.2f s)", fullMedian, Self.median(fullCPU))
            ),
            ("full pass: peak resident memory (max)", mib(full.compactMap(\.peak).max())),
            ("full pass: rows read again for crossing slots", full.map { "\($0.gathered)" }.joined(separator: ", ")),
            (
                "full pass: rows replayed from the spilled columns instead",
                full.map { "\($0.replayed)" }.joined(separator: ", ")
            ),
            (
                "full pass: spilled columns",
                String(format: "%.1f MiB", Double(spill.bytes) / 1_048_576)
                    + (spill.direct ? ", bypassing the page cache (O_DIRECT)" : ", through the page cache")
            ),
            ("values kept for slots near a crossing (all features)", "\(kept)"),
            (
                "incremental pass: \(incrementalEvents) new events (median)",
                String(format: "%.1f ms (CPU %.1f ms)", incrementalMedian * 1_000, Self.median(incrementalCPU) * 1_000)
            ),
            ("incremental pass: peak resident memory (max)", mib(incremental.compactMap(\.peak).max())),
            ("incremental pass: rows read again for crossing slots", incremental.map { "\($0.gathered)" }.joined(separator: ", ")),
            ("alert pass: 4 rules × 25 features, \(report.queued) notification(s)", String(format: "%.1f ms", alertTime)),
        ]
        rows += try PersistenceBenchmark(store: store, model: model, reference: reference, settings: settings, schema: schema, windowStart: windowStart, newEvents: incrementalEvents, repeats: repeats).run()
        if slices {
            // The window's events again under two more models: as they are (the window above has had more
            // events added since), and with versions and tags (SliceBenchmark).
            let plainModel = ModelName("bench-plain")!
            let slicedModel = ModelName("bench-sliced")!
            try store.saveReference(model: plainModel, schema: schema, profile: profile, rowCount: referenceRows, at: 0)
            try store.saveReference(model: slicedModel, schema: schema, profile: profile, rowCount: referenceRows, at: 0)
            var copied = 0
            var copyIndex = 0
            while copied < events {
                let count = min(batch, events - copied)
                let start = windowStart + Int64(Double(copied) * Double(EvaluationSettings.hour) / Double(events))
                let window = StoreBenchmark.events(
                    count: count, schema: schema, start: start,
                    spacingMilliseconds: EvaluationSettings.hour / Int64(events), seed: 11 + UInt64(copyIndex),
                    idPrefix: "w\(copyIndex)-")
                _ = try StoreBenchmark.insertRate(store: store, model: plainModel, events: window, batchSize: 5_000)
                _ = try StoreBenchmark.insertRate(
                    store: store, model: slicedModel, events: SliceBenchmark.sliced(window), batchSize: 5_000)
                copied += count
                copyIndex += 1
            }
            let unsliced = fullMedian * 1_000
            var sliceBenchmark = SliceBenchmark(store: store, windowStart: windowStart, repeats: repeats) { round in
                StoreBenchmark.events(
                    count: incrementalEvents, schema: schema, start: windowStart + 2_000,
                    spacingMilliseconds: max(1, (EvaluationSettings.hour - 4_000) / Int64(incrementalEvents)),
                    seed: 2_000 + UInt64(round), idPrefix: "sliced-late\(round)-")
            }
            // The unsliced window evaluated by the service as the sliced one is: the ratio's denominator.
            let unslicedService = try sliceBenchmark.unsliced(model: plainModel)
            rows.append((
                "unsliced, evaluated by the service as the slices are (median)",
                String(format: "%.1f ms (CPU %.1f ms)", unslicedService.milliseconds, unslicedService.cpuMilliseconds)
            ))
            for row in try sliceBenchmark.run(model: slicedModel) {
                rows.append((
                    "with slices: 3 versions, \(row.keys) segment key(s), \(row.slices) slices (median)",
                    String(
                        format: "%.1f ms (CPU %.1f ms) = %.2f× the unsliced (%.2f× the full pass above)",
                        row.milliseconds, row.cpuMilliseconds, row.milliseconds / unslicedService.milliseconds,
                        row.milliseconds / unsliced)
                        + ", peak " + mib(row.peakMiB)
                ))
            }
            if let incremental = sliceBenchmark.incremental {
                rows.append((
                    "with slices: 24 slices, incremental pass: \(incrementalEvents) new events (median)",
                    String(format: "%.1f ms", incremental.milliseconds)
                        + (incremental.readOnlyNew ? "" : " (states over the kept-slices budget: every row routed)")
                ))
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }

    /// The reference: the same generator as the events, another seed, as columns; with a calibration
    /// fitted to labels drawn from the scores unless `--without-estimate`.
    private func referenceProfile(schema: ModelSchema) throws -> ReferenceProfile {
        let referenceEvents = StoreBenchmark.events(count: referenceRows, schema: schema, seed: 7, idPrefix: "r")
        let columns = schema.features.enumerated().map { index, spec -> (name: String, values: ColumnValues) in
            let values = referenceEvents.map { $0.features[index].value }
            switch spec.type {
            case .numeric:
                return (spec.name, .numeric(values.map { if case .number(let x) = $0 { x } else { .nan } }))
            case .categorical:
                return (spec.name, .categorical(CategoricalColumn(values: values.map { if case .string(let s) = $0 { s } else { nil } })))
            }
        }
        var profile = try ReferenceBuilder.prepare(columns: columns).profile
        if !withoutEstimate {
            // Labels drawn from the scores, so the calibration has the usual hundreds of fitted points.
            var random = SplitMix64(seed: 13)
            let scores = referenceEvents.map { $0.score ?? .nan }
            profile.calibration = ScoreCalibration.fit(
                scores: scores, labels: scores.map { score in random.nextUnit() < score })
        }
        return profile
    }

    static let rules = """
        receivers:
          - {name: sink, kind: webhook, url: "http://127.0.0.1:9/"}
        rules:
          - {name: psi, metric: psi, op: ">=", threshold: 0.2, receivers: [sink]}
          - {name: ks, metric: ks_pvalue, op: "<", threshold: 0.001, receivers: [sink]}
          - {name: missing, metric: missing_rate, op: ">", threshold: 0.5, receivers: [sink]}
          - {name: share, metric: drifted_feature_share, op: ">=", threshold: 0.3, receivers: [sink]}
        """

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
