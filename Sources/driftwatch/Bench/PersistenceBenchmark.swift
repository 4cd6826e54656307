import DriftCore
import DriftEvaluation
import Foundation

/// `driftwatch bench evaluate`'s rows for persisted window states: the size of the window's archived state
/// and the time to encode and save it, then the first pass of a restarted process (a new cache, nothing in
/// memory) after `newEvents` more events: the saved state loaded, decoded, and only the new rows folded.
struct PersistenceBenchmark {
    let store: any StoragePort
    let model: ModelName
    let reference: StoredReference
    let settings: EvaluationSettings
    let schema: ModelSchema
    let windowStart: Int64
    let newEvents: Int
    let repeats: Int

    /// The table rows, in the bench's (name, value) form.
    func run() throws -> [(String, String)] {
        let clock = ContinuousClock()
        let windowEnd = windowStart + settings.windowMilliseconds
        let evaluator = WindowEvaluator(reference: reference, settings: settings)
        var saveSeconds: [Double] = []
        var restartSeconds: [Double] = []
        var decodeSeconds: [Double] = []
        var bytes = 0
        for round in 0..<repeats {
            var cost = WindowPassCost()
            var state = try evaluator.buildState(
                store: store, model: model, start: windowStart, end: windowEnd, cost: &cost)
            // As a pass leaves it before saving: the order-dependent columns sorted.
            _ = try state.statistics(referencePerformance: reference.performance)
            let saveStart = clock.now
            let archive = WindowStateArchive.encode(state)
            try store.saveWindowState(
                model: model,
                StoredWindowState(
                    windowStart: windowStart, referenceVersion: state.referenceVersion,
                    settingsFingerprint: WindowStateArchive.settingsFingerprint(settings), sequence: state.sequence,
                    labelSequence: state.labelSequence, savedAt: windowEnd, bytes: archive))
            saveSeconds.append((clock.now - saveStart).fractionalSeconds)
            bytes = archive.count
            let more = StoreBenchmark.events(
                count: newEvents, schema: schema, start: windowStart + 1_500,
                spacingMilliseconds: max(1, (settings.windowMilliseconds - 3_000) / Int64(newEvents)),
                seed: 5_000 + UInt64(round), idPrefix: "restart\(round)-")
            _ = try StoreBenchmark.insertRate(store: store, model: model, events: more, batchSize: 5_000)
            // The load and decode alone, then a restarted process's whole first pass.
            let decodeStart = clock.now
            if let saved = try store.windowState(model: model, windowStart: windowStart, slice: "") {
                _ = try WindowStateArchive.decode(
                    saved.bytes, profile: reference.profile, schema: reference.schema,
                    referenceVersion: reference.version)
            }
            decodeSeconds.append((clock.now - decodeStart).fractionalSeconds)
            let restarted = WindowStateCache(persistence: WindowStatePersistence())
            let passStart = clock.now
            let (_, pass) = try restarted.evaluate(
                model: model, start: windowStart, end: windowEnd, partial: true, reference: reference,
                settings: settings, store: store, evaluatedAt: windowEnd)
            restartSeconds.append((clock.now - passStart).fractionalSeconds)
            guard !pass.full, pass.rowsFolded == newEvents else {
                throw PersistenceBenchmarkError(
                    description: "the pass after a restart did not continue from the saved state (\(pass))")
            }
        }
        return [
            ("persisted state: size", String(format: "%.1f MiB (%d bytes)", Double(bytes) / 1_048_576, bytes)),
            ("persisted state: encode + save (median)", String(format: "%.0f ms", Self.median(saveSeconds) * 1_000)),
            ("persisted state: load + decode (median)", String(format: "%.0f ms", Self.median(decodeSeconds) * 1_000)),
            (
                "pass after a restart (persisted state + \(newEvents) new events, median)",
                String(format: "%.0f ms", Self.median(restartSeconds) * 1_000)
            ),
        ]
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// The benchmark's pass after a restart did not do what it measures.
struct PersistenceBenchmarkError: Error, CustomStringConvertible {
    let description: String
}
