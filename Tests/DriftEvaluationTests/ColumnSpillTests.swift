import DriftCore
@testable import DriftEvaluation
import DriftStats
import DriftStore
import DriftTestSupport
import Foundation
import Testing

/// A full pass's ``ColumnSpill`` hands back every batch of a column as it was written, stops at its allowance, leaves
/// no file behind, and gathers exactly what a second read of the store gathers.
@Suite("Column spill")
struct ColumnSpillTests {
    typealias Harness = IncrementalEqualityTests
    private static let end = Harness.windowStart + Harness.hour

    /// The harness's events with `n1` narrower than the reference's (±1.5 against ±3), so that F_C rises
    /// above F_R in the middle and falls below it again: the window has crossing slots to gather.
    private static func events(task: Harness.Task, random: inout SplitMix64) -> [Event] {
        (0..<1_600).map { index in
            var event = Harness.event(index, task: task, random: &random)
            let narrow = (random.nextUnit() + random.nextUnit() - 1) * 1.5
            event.features = event.features.map { $0.name == "n1" ? .init(name: "n1", value: .number(narrow)) : $0 }
            return event
        }
    }

    private static let model = ModelName("spill")!

    /// A SQLite store in a new folder holding the harness's reference for `task` and a window of
    /// ``events(task:random:)``.
    private static func window(task: Harness.Task, seed: UInt64) throws
        -> (directory: TemporaryDirectory, store: SQLiteStore, reference: StoredReference)
    {
        var random = SplitMix64(seed: seed + UInt64(task.rawValue.count))
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        let version = try Harness.saveReference(task: task, random: &random, model: model, in: store).version
        let reference = try #require(try store.reference(model: model, version: version))
        try store.insertEvents(model: model, events: events(task: task, random: &random), receivedAt: 1)
        return (directory, store, reference)
    }

    /// A random batch: values, and group boundaries from 0 to the values' count, some groups empty.
    private static func batch(random: inout SplitMix64) -> (values: [Double], groupEnds: [Int]) {
        let count = Int(random.nextUnit() * 3_000)
        let values = (0..<count).map { _ in (random.nextUnit() - 0.5) * 1e6 }
        let cuts = (0..<9).map { _ in Int(random.nextUnit() * Double(count + 1)) }.sorted()
        return (values, [0] + cuts + [count])
    }

    @Test(
        "each column's batches come back in order, bit for bit, written from two threads, and no file is left",
        arguments: [true, false])
    func roundTrip(direct: Bool) throws {
        let directory = try TemporaryDirectory()
        let spill = try #require(ColumnSpill(directory: directory.url.path, columns: 3, direct: direct))
        if !direct { #expect(!spill.isDirect) }
        var random = SplitMix64(seed: 71)
        // Columns 0 and 2 get batches; column 1 none.
        let written: [[(values: [Double], groupEnds: [Int])]] = [
            (0..<40).map { _ in Self.batch(random: &random) }, [], (0..<25).map { _ in Self.batch(random: &random) },
        ]
        ForkJoin.forEach(2, width: 2) { thread in
            let column = thread == 0 ? 0 : 2
            for batch in written[column] {
                batch.values.withUnsafeBufferPointer { values in
                    batch.groupEnds.withUnsafeBufferPointer { groupEnds in
                        _ = spill.append(column: column, values: values, groupEnds: groupEnds)
                    }
                }
            }
        }
        #expect(spill.isUsable)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty, "the file is unlinked")
        for column in 0..<3 {
            var replayed: [(values: [UInt64], groupEnds: [Int])] = []
            #expect(spill.replay(column: column) { replayed.append(($0.map(\.bitPattern), Array($1))) })
            #expect(replayed.count == written[column].count, "column \(column)")
            for (actual, expected) in zip(replayed, written[column]) {
                #expect(actual.values == expected.values.map(\.bitPattern) && actual.groupEnds == expected.groupEnds)
            }
            #expect(spill.valueCount(column: column) == written[column].reduce(0) { $0 + $1.values.count })
        }
    }

    @Test("a spill that would pass its allowance stops, says so, and replays nothing")
    func allowance() throws {
        let directory = try TemporaryDirectory()
        // Room for the first batch (100 values, 3 boundaries: one record), not for the second.
        let record = ColumnSpill.recordBytes(values: 100, boundaries: 3)
        let spill = try #require(ColumnSpill(directory: directory.url.path, columns: 2, allowance: record + 500))
        let values = [Double](repeating: 1.5, count: 100)
        let groupEnds = [0, 40, 100]
        func append(_ column: Int) -> Bool {
            values.withUnsafeBufferPointer { values in
                groupEnds.withUnsafeBufferPointer { spill.append(column: column, values: values, groupEnds: $0) }
            }
        }
        #expect(append(0))
        #expect(spill.bytesWritten == record)
        #expect(!append(1))
        #expect(!spill.isUsable)
        #expect(!append(0), "nothing is written after the spill stopped")
        var handed = 0
        #expect(!spill.replay(column: 0) { _, _ in handed += 1 })
        #expect(handed == 0)
    }

    @Test("no spill in a folder that does not exist")
    func missingFolder() throws {
        let directory = try TemporaryDirectory()
        #expect(ColumnSpill(directory: directory.url.appendingPathComponent("missing").path, columns: 3) == nil)
    }

    @Test(
        "a full pass gathers from its spill the state a second read of the store gathers",
        arguments: Harness.Task.allCases)
    func sameStateAsSecondRead(task: Harness.Task) throws {
        let (directory, store, reference) = try Self.window(task: task, seed: 83)
        let model = Self.model
        let evaluator = WindowEvaluator(reference: reference, settings: EvaluationSettings(minSamples: 20))

        var spilledCost = WindowPassCost()
        var spilled = try evaluator.buildState(
            store: store, model: model, start: Harness.windowStart, end: Self.end, cost: &spilledCost)
        var readCost = WindowPassCost()
        var read = try evaluator.buildState(
            store: store, model: model, start: Harness.windowStart, end: Self.end, cost: &readCost, spill: false)

        try #require(readCost.rowsGathered > 0, "the window must have crossing slots to gather")
        #expect(readCost.rowsReplayed == 0)
        #expect(spilledCost.rowsGathered == 0, "the spilled pass did not read the store again")
        #expect(spilledCost.rowsReplayed == spilledCost.rowsFolded && spilledCost.rowsFolded == readCost.rowsFolded)
        #expect(WindowStateArchive.encode(spilled) == WindowStateArchive.encode(read), "the same state, byte for byte")
        let spilledStatistics = try spilled.statistics(referencePerformance: reference.performance)
        let readStatistics = try read.statistics(referencePerformance: reference.performance)
        #expect(try Harness.text(spilledStatistics) == Harness.text(readStatistics))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).allSatisfy {
            !$0.hasPrefix("driftwatch-spill")
        })
    }

    @Test("a gather restarted halfway keeps what a gather from the start keeps", arguments: Harness.Task.allCases)
    func restartedGather(task: Harness.Task) throws {
        let (_, store, reference) = try Self.window(task: task, seed: 97)
        let (model, version) = (Self.model, reference.version)
        var chunks: [WindowData] = []
        try store.forEachWindowChunk(
            model: model, from: Harness.windowStart, to: Self.end, referenceVersion: version, chunkRows: 200
        ) { chunks.append($0) }
        var accumulator = WindowAccumulator(
            profile: reference.profile, schema: reference.schema, settings: EvaluationSettings(minSamples: 20))
        for chunk in chunks { accumulator.add(chunk) }
        let needsGather = accumulator.needsGather
        try #require(needsGather, "the window must have crossing slots to gather")
        accumulator.prepareGather()
        var clean = accumulator
        for chunk in chunks { clean.gather(chunk) }
        var restarted = accumulator
        for chunk in chunks.prefix(chunks.count / 2) { restarted.gather(chunk) }
        restarted.restartGather()
        for chunk in chunks { restarted.gather(chunk) }
        #expect(restarted.keptValues == clean.keptValues)
        #expect(
            try Harness.text(restarted.statistics(referencePerformance: reference.performance))
                == Harness.text(clean.statistics(referencePerformance: reference.performance)))
    }
}
