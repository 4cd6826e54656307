import DriftCore
@testable import DriftEvaluation
import DriftStats
import DriftStore
import DriftTestSupport
import Foundation
import Testing

/// A full pass's ``ColumnSpill`` hands back every chunk as it was written, stops at its allowance, leaves
/// no file behind, and gathers exactly what a second read of the store gathers.
@Suite("Column spill")
struct ColumnSpillTests {
    typealias Harness = IncrementalEqualityTests
    private static let end = Harness.windowStart + Harness.hour

    /// Random chunks of `width` columns, some absent, with NaN, infinities and negative zero among the values.
    private static func chunks(width: Int, random: inout SplitMix64) -> [(columns: [[Double]?], rows: Int)] {
        let specials: [Double] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        return [0, 5, 1, 1_000, 17].map { rows in
            let columns = (0..<width).map { _ -> [Double]? in
                guard random.nextUnit() < 0.7 else { return nil }
                return (0..<rows).map { _ in
                    random.nextUnit() < 0.05 ? specials[Int(random.nextUnit() * 6)] : (random.nextUnit() - 0.5) * 1e6
                }
            }
            return (columns, rows)
        }
    }

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

    private static func bits(_ columns: [[Double]?]) -> [[UInt64]?] {
        columns.map { $0?.map(\.bitPattern) }
    }

    @Test("chunks come back in order, bit for bit, absent columns absent, and no file is left in the folder")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        var random = SplitMix64(seed: 71)
        let written = Self.chunks(width: 9, random: &random)
        let spill = try #require(ColumnSpill(directory: directory.url.path, width: 9))
        for chunk in written { #expect(spill.append(chunk.columns, rows: chunk.rows)) }
        #expect(spill.rows == written.reduce(0) { $0 + $1.rows })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty, "the file is unlinked")
        var replayed: [(columns: [[Double]?], rows: Int)] = []
        #expect(spill.replay { replayed.append(($0, $1)) })
        #expect(replayed.count == written.count)
        for (index, (actual, expected)) in zip(replayed, written).enumerated() {
            #expect(actual.rows == expected.rows, "chunk \(index)")
            #expect(Self.bits(actual.columns) == Self.bits(expected.columns), "chunk \(index)")
        }
        // A second replay reads the same file again.
        var again = 0
        #expect(spill.replay { _, _ in again += 1 })
        #expect(again == written.count)
    }

    @Test("a spill that would pass its allowance stops, says so, and replays nothing")
    func allowance() throws {
        let directory = try TemporaryDirectory()
        // Room for the first chunk (a 16-byte header and 100 values), not for the second.
        let spill = try #require(ColumnSpill(directory: directory.url.path, width: 2, allowance: 16 + 800 + 100))
        #expect(spill.append([Array(repeating: 1.5, count: 100), nil], rows: 100))
        #expect(!spill.append([Array(repeating: 2.5, count: 100), nil], rows: 100))
        #expect(!spill.isUsable)
        #expect(!spill.append([nil, nil], rows: 0), "nothing is written after the spill stopped")
        var handed = 0
        #expect(!spill.replay { _, _ in handed += 1 })
        #expect(handed == 0)
    }

    @Test("no spill in a folder that does not exist")
    func missingFolder() throws {
        let directory = try TemporaryDirectory()
        #expect(ColumnSpill(directory: directory.url.appendingPathComponent("missing").path, width: 3) == nil)
    }

    @Test(
        "a full pass gathers from its spill the state a second read of the store gathers",
        arguments: Harness.Task.allCases)
    func sameStateAsSecondRead(task: Harness.Task) throws {
        var random = SplitMix64(seed: 83 + UInt64(task.rawValue.count))
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        let model = ModelName("spill")!
        let version = try Harness.saveReference(task: task, random: &random, model: model, in: store).version
        let reference = try #require(try store.reference(model: model, version: version))
        try store.insertEvents(model: model, events: Self.events(task: task, random: &random), receivedAt: 1)
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
        var random = SplitMix64(seed: 97 + UInt64(task.rawValue.count))
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        let model = ModelName("restart")!
        let version = try Harness.saveReference(task: task, random: &random, model: model, in: store).version
        let reference = try #require(try store.reference(model: model, version: version))
        try store.insertEvents(model: model, events: Self.events(task: task, random: &random), receivedAt: 1)
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
