import DriftCore
import DriftStore
import Foundation
import Testing

@testable import DriftEvaluation

/// Slices kept between passes (``KeptSlices``): a window's slices folded batch by batch, each pass reading
/// only the rows stored since the last, end with the statistics of every slice evaluated from all rows at
/// once — through late events, a late label (which rebuilds the slices from the rows) and a segment value
/// overtaking the kept one (which rebuilds them too).
@Suite("Incremental slices")
struct IncrementalSliceTests {
    /// Every slice's stored window statistics, by slice.
    private func sliceStatistics(_ store: SQLiteStore, model: ModelName) throws -> [String: WindowStatistics] {
        var statistics: [String: WindowStatistics] = [:]
        for summary in try store.sliceSummaries(model: model) {
            let key = try #require(SliceKey(parsing: summary.slice))
            statistics[summary.slice] = try #require(
                try store.evaluatedSliceWindows(model: model, slice: key).first?.window.statistics)
        }
        return statistics
    }

    @Test("batches folded into kept slice states equal every slice evaluated from all rows")
    func incrementalSlicesEqualFromScratch() throws {
        let (_, store, model, events) = try SliceEvaluationTests.fixture(storingEvents: false)
        let settings = SliceEvaluationTests.settings()
        let start = SliceEvaluationTests.start
        // The window stays open: every pass evaluates it again.
        let now = start + SliceEvaluationTests.hour / 2
        let service = try EvaluationService(store: store, defaultSettings: settings, now: { now })
        // Events arrive in batches of 37, later timestamps first within each third of the stream, so that
        // some arrive after events later in event time; one label arrives in the middle.
        let thirds = stride(from: 0, to: events.count, by: events.count / 3 + 1).map {
            Array(events[$0..<min($0 + events.count / 3 + 1, events.count)].reversed())
        }
        let arrival = thirds.flatMap { $0 }
        var incrementalPasses = 0
        var position = 0
        var batch = 0
        while position < arrival.count {
            let next = Array(arrival[position..<min(position + 37, arrival.count)])
            try store.insertEvents(model: model, events: next, receivedAt: now)
            if batch == 4 {
                try store.insertLabels(
                    model: model, labels: [LabelRecord(id: arrival[3].id, label: .string("1"))], receivedAt: now)
            }
            let before = service.windowStates.totals.rowsFolded
            try service.evaluateDue(model: model)
            // An incremental pass reads exactly the batch (shadow rows included); a full one every served row.
            if service.windowStates.totals.rowsFolded - before == next.count && batch > 0 { incrementalPasses += 1 }
            position += next.count
            batch += 1
        }
        #expect(incrementalPasses >= batch / 2, "\(incrementalPasses) of \(batch) passes read only their batch")
        let incremental = try sliceStatistics(store, model: model)

        let (_, fresh, _, _) = try SliceEvaluationTests.fixture(storingEvents: false)
        try fresh.insertEvents(model: model, events: events, receivedAt: now)
        try fresh.insertLabels(model: model, labels: [LabelRecord(id: arrival[3].id, label: .string("1"))], receivedAt: now)
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
    }
}
