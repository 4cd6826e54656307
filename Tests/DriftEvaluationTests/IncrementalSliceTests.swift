import DriftCore
import DriftPostgres
import DriftStore
import DriftTestSupport
import Foundation
import Testing

@testable import DriftEvaluation

/// Slices kept between passes (``KeptSlices``): a window's slices folded batch by batch, each pass reading
/// only the rows stored since the last, end with the statistics of every slice evaluated from all rows at
/// once — through late events, a late label (which rebuilds the slices from the rows) and a segment value
/// overtaking the kept one (which rebuilds them too).
@Suite("Incremental slices")
struct IncrementalSliceTests {
    /// A store of `engine` (`sqlite`: a temporary file; `postgres`: a scratch database on the test server)
    /// with the fixture's reference, and what keeps it alive.
    private func makeStore(_ engine: String) throws -> (store: any StoragePort, keep: Any) {
        if engine == "postgres", let server = ScratchDatabase.serverURL {
            let scratch = try ScratchDatabase(server: server)
            return (try PostgresStore(url: scratch.url, connections: 2), scratch)
        }
        let directory = try TemporaryDirectory()
        return (try SQLiteStore(path: directory.url.appendingPathComponent("slices.sqlite").path), directory)
    }

    /// Every slice's stored window statistics, by slice.
    private func sliceStatistics(_ store: any StoragePort, model: ModelName) throws -> [String: WindowStatistics] {
        var statistics: [String: WindowStatistics] = [:]
        for summary in try store.sliceSummaries(model: model) {
            let key = try #require(SliceKey(parsing: summary.slice))
            statistics[summary.slice] = try #require(
                try store.evaluatedSliceWindows(model: model, slice: key).first?.window.statistics)
        }
        return statistics
    }

    /// The fixture's events stored in batches of 37 and evaluated after each (the window open), later
    /// timestamps first within each third of the stream so that some arrive after events later in event
    /// time, one label arriving with the fifth batch; with `restartAt`, a new service (a restart, states
    /// saved after every pass) takes over from that batch on. Then the same events stored at once in a
    /// fresh store and evaluated from scratch: every slice's statistics must be identical.
    /// - Returns: how many passes read only their batch, of how many, and the slice-state loads of the
    ///   restarted service.
    private func batchesEqualFromScratch(restartAt: Int?, engine: String = "sqlite") throws
        -> (incremental: Int, passes: Int, loads: [String: Int], saves: Int)
    {
        let (store, keep) = try makeStore(engine)
        defer { withExtendedLifetime(keep) {} }
        let (model, events) = try SliceEvaluationTests.populate(store, storingEvents: false)
        let settings = SliceEvaluationTests.settings()
        let start = SliceEvaluationTests.start
        let now = start + SliceEvaluationTests.hour / 2
        let interval: Int64 = restartAt == nil ? WindowStatePersistence.defaultSaveIntervalMilliseconds : 0
        var service = try EvaluationService(
            store: store, defaultSettings: settings, now: { now }, stateSaveIntervalMilliseconds: interval)
        let third = events.count / 3 + 1
        let arrival = stride(from: 0, to: events.count, by: third).flatMap {
            events[$0..<min($0 + third, events.count)].reversed()
        }
        let label = LabelRecord(id: arrival[3].id, label: .string("1"))
        var incrementalPasses = 0
        var loads: [String: Int] = [:]
        var position = 0
        var batch = 0
        while position < arrival.count {
            let next = Array(arrival[position..<min(position + 37, arrival.count)])
            try store.insertEvents(model: model, events: next, receivedAt: now)
            if batch == 4 { try store.insertLabels(model: model, labels: [label], receivedAt: now) }
            if batch == restartAt {
                service = try EvaluationService(
                    store: store, defaultSettings: settings, now: { now }, stateSaveIntervalMilliseconds: interval)
            }
            let before = service.windowStates.totals.rowsFolded
            try service.evaluateDue(model: model)
            // An incremental pass reads exactly the batch (shadow rows included); a full one every served row.
            if service.windowStates.totals.rowsFolded - before == next.count && batch > 0 { incrementalPasses += 1 }
            if batch == restartAt { loads = service.windowStates.persistence?.drain().loads ?? [:] }
            position += next.count
            batch += 1
        }
        let incremental = try sliceStatistics(store, model: model)
        let saves = service.windowStates.persistence?.drain().saves ?? 0

        let (fresh, keepFresh) = try makeStore(engine)
        defer { withExtendedLifetime(keepFresh) {} }
        _ = try SliceEvaluationTests.populate(fresh, storingEvents: false)
        try fresh.insertEvents(model: model, events: events, receivedAt: now)
        try fresh.insertLabels(model: model, labels: [label], receivedAt: now)
        let scratch = try EvaluationService(store: fresh, defaultSettings: settings, now: { now })
        try scratch.evaluateDue(model: model)
        let fromScratch = try sliceStatistics(fresh, model: model)

        #expect(fromScratch.count >= 7)
        #expect(Set(incremental.keys) == Set(fromScratch.keys))
        for (slice, statistics) in fromScratch {
            #expect(incremental[slice] == statistics, "slice \(slice) differs")
        }
        #expect(
            try store.evaluatedWindows(model: model).first?.statistics
                == fresh.evaluatedWindows(model: model).first?.statistics)
        return (incrementalPasses, batch, loads, saves)
    }

    @Test("batches folded into kept slice states equal every slice evaluated from all rows")
    func incrementalSlicesEqualFromScratch() throws {
        let outcome = try batchesEqualFromScratch(restartAt: nil)
        // Saved after each full pass only: an incremental one waits for the save interval (the clock stands still).
        #expect(outcome.saves == outcome.passes - outcome.incremental)
        #expect(outcome.incremental >= outcome.passes / 2, "\(outcome.incremental) of \(outcome.passes) passes read only their batch")
    }

    @Test(
        "after a restart the slices continue from their saved states, reading only the new rows",
        arguments: GoldenStore.engines)
    func restartContinuesSavedSlices(engine: String) throws {
        let outcome = try batchesEqualFromScratch(restartAt: 9, engine: engine)
        #expect(outcome.loads["loaded"] == 1)
        #expect(outcome.loads["slices_loaded"] == 1)
        #expect(outcome.incremental >= outcome.passes / 2, "\(outcome.incremental) of \(outcome.passes) passes read only their batch")
    }
}
