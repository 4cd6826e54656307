import ArgumentParser
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
        let clock = ContinuousClock()
        let windowStart = windowStart
        var rows: [Row] = []
        for keys in 0...2 {
            var settings = EvaluationSettings()
            settings.segments = SegmentSettings(keys: Array(["region", "tenant"].prefix(keys)), maxValues: 20)
            var times: [Double] = []
            var peak: Double?
            var slices = 0
            // One service per configuration, its references loaded and prepared by an untimed pass first, as
            // the unsliced full pass's reference is loaded before it is timed.
            let service = try EvaluationService(
                store: store, defaultSettings: settings, now: { windowStart + 2 * EvaluationSettings.hour })
            for repeat_ in -1..<repeats {
                // Stored slices would be skipped as unchanged, and kept states continued: drop both, so every
                // repeat routes every row to every slice.
                try store.deleteSliceWindowResults(model: model, windowStart: windowStart, keeping: [])
                try store.setEvaluationCursor(model: model, sequence: 0)
                service.windowStates.removeAll()
                MemoryTuning.releaseFreedMemory()
                ResourceUsage.resetPeakResident()
                let start = clock.now
                _ = try service.evaluateDue(model: model)
                if repeat_ >= 0 {
                    times.append((clock.now - start).fractionalMilliseconds)
                    peak = max(peak ?? 0, ResourceUsage.peakResidentMiB() ?? 0)
                }
                slices = try store.sliceSummaries(model: model).count + 1
            }
            rows.append(
                Row(keys: keys, slices: slices, milliseconds: BenchEvaluateCommand.median(times), peakMiB: peak))
            if keys == 2 { incremental = try incrementalPasses(service: service, model: model) }
        }
        return rows
    }

    /// The median time of an incremental pass over the sliced window after a batch of ``newEvents(_:)``
    /// (versions and tags as the window's), its slices' states kept from the pass before (``run(model:)``
    /// leaves them after its last full pass).
    private(set) var incremental: Double?

    private func incrementalPasses(service: EvaluationService, model: ModelName) throws -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        for round in 0..<repeats {
            let batch = Self.sliced(newEvents(round))
            _ = try StoreBenchmark.insertRate(store: store, model: model, events: batch, batchSize: 5_000)
            let folded = service.windowStates.totals.rowsFolded
            let start = clock.now
            _ = try service.evaluateDue(model: model)
            times.append((clock.now - start).fractionalMilliseconds)
            guard service.windowStates.totals.rowsFolded - folded == batch.count else {
                throw ValidationError("the sliced incremental pass did not fold exactly the new events")
            }
        }
        return BenchEvaluateCommand.median(times)
    }
}
