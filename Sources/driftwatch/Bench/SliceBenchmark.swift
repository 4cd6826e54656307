import DriftCore
import DriftEvaluation
import DriftStore
import Foundation

/// `driftwatch bench evaluate --slices`: the cost of slices (API.md, "Slices") in the same run as the
/// unsliced evaluation. The same window is stored again under a second model whose events carry one of 3
/// versions (70/20/10 %) and two tags of 10 values each (`region`, `tenant`), then evaluated with no
/// segment key, one and two: 1 + 3, 1 + 3 + 10 and 1 + 3 + 20 slices.
struct SliceBenchmark {
    /// One configuration's outcome.
    struct Row {
        var keys: Int
        var slices: Int
        var milliseconds: Double
        /// The median CPU time of the passes (both cores), milliseconds.
        var cpuMilliseconds: Double
        /// The largest peak resident memory of the timed passes, MiB.
        var peakMiB: Double?
    }

    let store: SQLiteStore
    let windowStart: Int64
    let repeats: Int
    /// The events of each incremental pass's batch (`round` numbers the batch), before slicing.
    let newEvents: (_ round: Int) -> [Event]

    /// The window's events with versions and tags.
    static func sliced(_ events: [Event]) -> [Event] {
        events.enumerated().map { index, event in
            var event = event
            let draw = index % 10
            event.modelVersion = draw < 7 ? "v1" : draw < 9 ? "v2" : "v3"
            event.tags = [
                Event.Tag(key: "region", value: "r\(index % 10)"),
                Event.Tag(key: "tenant", value: "t\(index / 7 % 10)"),
            ]
            return event
        }
    }

    /// Evaluates `model`'s window with 0, 1 and 2 segment keys, `repeats` times each, and reports the medians.
    mutating func run(model: ModelName) throws -> [Row] {
        var rows: [Row] = []
        for keys in 0...2 {
            var settings = EvaluationSettings()
            settings.segments = SegmentSettings(keys: Array(["region", "tenant"].prefix(keys)), maxValues: 20)
            let (milliseconds, cpu, peak, service) = try fullPasses(model: model, settings: settings)
            rows.append(
                Row(keys: keys, slices: try store.sliceSummaries(model: model).count + 1, milliseconds: milliseconds,
                    cpuMilliseconds: cpu, peakMiB: peak))
            if keys == 2 { incremental = try incrementalPasses(service: service, model: model) }
        }
        return rows
    }

    /// The median time of a full pass over the window of `model`, a model without versions or tags, by
    /// the service exactly as the sliced passes: the unsliced evaluation the slices' cost is measured against.
    func unsliced(model: ModelName) throws -> (milliseconds: Double, cpuMilliseconds: Double) {
        let passes = try fullPasses(model: model, settings: EvaluationSettings())
        return (passes.milliseconds, passes.cpuMilliseconds)
    }

    /// Times `repeats` full passes of one service over the window of `model` with `settings`: its
    /// references loaded and prepared by an untimed pass first (as the unsliced full pass's reference is
    /// loaded before it is timed), its states kept in memory only (timed without saving, as that pass).
    private func fullPasses(model: ModelName, settings: EvaluationSettings) throws
        -> (milliseconds: Double, cpuMilliseconds: Double, peak: Double?, service: EvaluationService)
    {
        let clock = ContinuousClock()
        let windowStart = windowStart
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var peak: Double?
        let service = try EvaluationService(
            store: store, defaultSettings: settings, now: { windowStart + 2 * EvaluationSettings.hour },
            stateSaveIntervalMilliseconds: nil)
        for repeat_ in -1..<repeats {
            // Stored slices would be skipped as unchanged, and kept states continued: drop them all, so
            // every repeat routes every row to every slice.
            try store.deleteSliceWindowResults(model: model, windowStart: windowStart, keeping: [])
            try store.setEvaluationCursor(model: model, sequence: 0)
            service.windowStates.removeAll()
            MemoryTuning.releaseFreedMemory()
            ResourceUsage.resetPeakResident()
            let start = clock.now
            let cpuStart = ResourceUsage.cpuSeconds()
            _ = try service.evaluateDue(model: model)
            if repeat_ >= 0 {
                times.append((clock.now - start).fractionalMilliseconds)
                cpuTimes.append((ResourceUsage.cpuSeconds() - cpuStart) * 1_000)
                peak = max(peak ?? 0, ResourceUsage.peakResidentMiB() ?? 0)
            }
        }
        return (BenchEvaluateCommand.median(times), BenchEvaluateCommand.median(cpuTimes), peak, service)
    }

    /// The median time of an incremental pass over the sliced window after a batch of ``newEvents(_:)``
    /// (versions and tags as the window's), its slices' states kept from the pass before (``run(model:)``
    /// leaves them after its last full pass).
    /// With whether each pass read only its batch (false when the slices' states were over
    /// kept-slices budget, 128 MiB, so that every pass routed all rows).
    private(set) var incremental: (milliseconds: Double, readOnlyNew: Bool)?

    private func incrementalPasses(service: EvaluationService, model: ModelName) throws
        -> (milliseconds: Double, readOnlyNew: Bool)
    {
        let clock = ContinuousClock()
        var times: [Double] = []
        var readOnlyNew = true
        for round in 0..<repeats {
            let batch = Self.sliced(newEvents(round))
            _ = try StoreBenchmark.insertRate(store: store, model: model, events: batch, batchSize: 5_000)
            let folded = service.windowStates.totals.rowsFolded
            let start = clock.now
            _ = try service.evaluateDue(model: model)
            times.append((clock.now - start).fractionalMilliseconds)
            if service.windowStates.totals.rowsFolded - folded != batch.count { readOnlyNew = false }
        }
        return (BenchEvaluateCommand.median(times), readOnlyNew)
    }
}
