import ArgumentParser
import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation

/// `driftwatch bench evaluate`: how long the service takes to evaluate one window of N events × 25
/// features on a real SQLite file (read the window, compute every statistic, store the result), and to run
/// the alert rules over it. Prints a table; use a release build.
struct BenchEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Time the evaluation of one window (20 numeric + 5 categorical features) and an alert pass."
    )

    @Option(help: "Events in the window.")
    var events = 100_000

    @Option(help: "Rows in the reference.")
    var referenceRows = 100_000

    @Option(help: "How many times the window is evaluated (the median is reported).")
    var repeats = 5

    @Flag(help: "Also time the window with slices: 3 model versions and 0, 1 or 2 segment keys of 10 values each, against the unsliced evaluation of the same run.")
    var slices = false

    @Flag(help: "Store the reference without a score calibration, so the window gets no estimated performance (CBPE); compare the two runs for its cost.")
    var withoutEstimate = false

    func validate() throws {
        guard (1_000...2_000_000).contains(events) else { throw ValidationError("--events must be 1000...2000000") }
        guard (1_000...2_000_000).contains(referenceRows) else {
            throw ValidationError("--reference-rows must be 1000...2000000")
        }
        guard (1...50).contains(repeats) else { throw ValidationError("--repeats must be 1...50") }
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
        let spacing = max(1, EvaluationSettings.hour / Int64(events))

        // The reference: the same generator as the events, another seed, as columns.
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
        let prepared = try ReferenceBuilder.prepare(columns: columns)
        var profile = prepared.profile
        if !withoutEstimate {
            // Labels drawn from the scores, so the calibration has the usual hundreds of fitted points.
            var random = SplitMix64(seed: 13)
            let scores = referenceEvents.map { $0.score ?? .nan }
            profile.calibration = ScoreCalibration.fit(
                scores: scores, labels: scores.map { score in random.nextUnit() < score })
        }
        try store.saveReference(
            model: model, schema: schema, profile: profile, rowCount: referenceRows, at: 0)
        let window = StoreBenchmark.events(
            count: events, schema: schema, start: windowStart, spacingMilliseconds: spacing, seed: 11)
        _ = try StoreBenchmark.insertRate(store: store, model: model, events: window, batchSize: 5_000)
        let slicedModel = ModelName("bench-sliced")!
        if slices {
            try store.saveReference(model: slicedModel, schema: schema, profile: profile, rowCount: referenceRows, at: 0)
            _ = try StoreBenchmark.insertRate(
                store: store, model: slicedModel, events: SliceBenchmark.sliced(window), batchSize: 5_000)
        }

        let settings = EvaluationSettings()
        let clock = ContinuousClock()
        var readTimes: [Double] = []
        var evaluateTimes: [Double] = []
        var estimateTimes: [Double] = []
        for _ in 0..<repeats {
            let began = clock.now
            let data = try store.windowData(model: model, from: windowStart, to: windowStart + EvaluationSettings.hour)
            readTimes.append((clock.now - began).fractionalMilliseconds)
            if !withoutEstimate {
                let estimateStart = clock.now
                let estimate = data.estimatedPerformance(calibration: profile.calibration)
                estimateTimes.append((clock.now - estimateStart).fractionalMilliseconds)
                guard estimate != nil else { throw ValidationError("the window has no estimated performance") }
            }
            // A fresh service each time, so the window is due again and the reference is read again.
            let service = try EvaluationService(
                store: store, defaultSettings: settings, now: { windowStart + 2 * EvaluationSettings.hour })
            let start = clock.now
            let results = try service.evaluateDue(model: model)
            evaluateTimes.append((clock.now - start).fractionalMilliseconds)
            guard let result = results.first(where: { $0.start == windowStart }) else {
                throw ValidationError("the window was not evaluated")
            }
            guard (result.statistics.estimatedPerformance != nil) != withoutEstimate else {
                throw ValidationError("the window's estimated performance is not as asked")
            }
            try store.setEvaluationCursor(model: model, sequence: 0)
        }

        let rules = try RuleLoader.load(files: [RuleFile(path: "bench.yaml", text: Self.rules)])
        let alerter = Alerter(
            store: store, rules: RuleBook(rules), settings: AlertingSettings(now: { windowStart + 2 * EvaluationSettings.hour }),
            wallClock: { 0 })
        let alertStart = clock.now
        let report = try alerter.evaluate(model: model)
        let alertTime = (clock.now - alertStart).fractionalMilliseconds

        var rows: [(String, String)] = [
            ("events in the window", "\(events)"),
            ("features", "\(schema.features.count) (20 numeric, 5 categorical)"),
            ("reference rows", "\(referenceRows)"),
            ("estimated performance (CBPE)", withoutEstimate ? "off (--without-estimate)" : "on"),
            ("read the window from SQLite (median)", String(format: "%.1f ms", Self.median(readTimes))),
            ("evaluate: read + statistics + store (median)", String(format: "%.1f ms", Self.median(evaluateTimes))),
            (
                "of which estimated performance alone (median)",
                withoutEstimate ? "-" : String(format: "%.1f ms", Self.median(estimateTimes))
            ),
            ("alert pass: 4 rules × 25 features, \(report.queued) notification(s)", String(format: "%.1f ms", alertTime)),
        ]
        if slices {
            let unsliced = Self.median(evaluateTimes)
            for row in try SliceBenchmark(store: store, windowStart: windowStart, repeats: repeats).run(model: slicedModel) {
                rows.append((
                    "with slices: 3 versions, \(row.keys) segment key(s), \(row.slices) slices (median)",
                    String(format: "%.1f ms = %.2f× unsliced", row.milliseconds, row.milliseconds / unsliced)
                ))
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
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
