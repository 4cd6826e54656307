import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import DriftTestSupport
import Foundation
import Testing

/// A window state written with ``WindowStateArchive`` and read back is the same state: the statistics
/// taken from it are bit for bit those of the original, and stay so as the same further rows are folded
/// into both. Cut, damaged or foreign archives throw ``StateArchiveError``, never trap.
@Suite("Window state archive")
struct WindowStateArchiveTests {
    typealias Harness = IncrementalEqualityTests
    private static let end = Harness.windowStart + Harness.hour

    /// A SQLite store holding a random stream's reference (as ``IncrementalEqualityTests`` builds it) and
    /// its first `events` events with some labels.
    private struct Fixture {
        let directory: TemporaryDirectory
        let store: SQLiteStore
        let reference: StoredReference
        let events: [Event]
        var random: SplitMix64
        let model = ModelName("archive")!

        init(task: Harness.Task, seed: UInt64) throws {
            random = SplitMix64(seed: seed)
            directory = try TemporaryDirectory()
            store = try SQLiteStore(path: directory.path())
            let version = try Harness.saveReference(task: task, random: &random, model: model, in: store).version
            reference = try #require(try store.reference(model: model, version: version))
            var generator = random
            events = (0..<1_600).map { Harness.event($0, task: task, random: &generator) }
            random = generator
        }

        /// Stores events `range` and labels (first ones and corrections) for some stored events.
        mutating func insert(_ range: Range<Int>, task: Harness.Task) throws {
            try store.insertEvents(model: model, events: Array(events[range]), receivedAt: 1)
            let labels = (0..<40).map { _ in
                LabelRecord(
                    id: events[Int(random.nextUnit() * Double(range.upperBound))].id,
                    label: Harness.outcome(task: task, random: &random).1)
            }
            try store.insertLabels(model: model, labels: labels, receivedAt: 2)
        }
    }

    /// The statistics of `state` (taken from a copy: the accumulator sorts some columns in place).
    private static func statistics(_ state: WindowState, referencePerformance: PerformanceMetrics?) throws
        -> WindowStatistics
    {
        var accumulator = state.accumulator
        return try accumulator.statistics(referencePerformance: referencePerformance)
    }

    @Test("a decoded state gives the same statistics, and still does after the same further rows", arguments: Harness.Task.allCases)
    func roundTrip(task: Harness.Task) throws {
        var fixture = try Fixture(task: task, seed: 41 + UInt64(task.rawValue.count))
        let settings = EvaluationSettings(minSamples: 20)
        let evaluator = WindowEvaluator(reference: fixture.reference, settings: settings)
        try fixture.insert(0..<700, task: task)
        var cost = WindowPassCost()
        var original = try evaluator.buildState(
            store: fixture.store, model: fixture.model, start: Harness.windowStart, end: Self.end, cost: &cost)
        for step in 1...3 {
            // From the second step on, as a pass leaves it: its CBPE and latency columns sorted in place.
            if step > 1 { _ = try original.statistics(referencePerformance: fixture.reference.performance) }
            let bytes = WindowStateArchive.encode(original)
            var decoded = try WindowStateArchive.decode(
                bytes, profile: fixture.reference.profile, schema: fixture.reference.schema,
                referenceVersion: fixture.reference.version)
            #expect(WindowStateArchive.encode(decoded) == bytes, "step \(step): the decoded state writes the same bytes")
            #expect(decoded.sequence == original.sequence && decoded.labelSequence == original.labelSequence)
            #expect(decoded.settings == settings && decoded.slicedRows == original.slicedRows)
            let expected = try Self.statistics(original, referencePerformance: fixture.reference.performance)
            let actual = try Self.statistics(decoded, referencePerformance: fixture.reference.performance)
            #expect(try Harness.text(actual) == Harness.text(expected), "step \(step): statistics of the decoded state")
            // The same further rows into both.
            try fixture.insert((400 + 300 * step)..<(700 + 300 * step), task: task)
            var originalCost = WindowPassCost()
            var decodedCost = WindowPassCost()
            try evaluator.update(
                &original, store: fixture.store, model: fixture.model, start: Harness.windowStart, end: Self.end,
                cost: &originalCost)
            try evaluator.update(
                &decoded, store: fixture.store, model: fixture.model, start: Harness.windowStart, end: Self.end,
                cost: &decodedCost)
            #expect(decodedCost == originalCost, "step \(step): the same rows folded")
            let after = try Self.statistics(original, referencePerformance: fixture.reference.performance)
            let afterDecoded = try Self.statistics(decoded, referencePerformance: fixture.reference.performance)
            #expect(try Harness.text(afterDecoded) == Harness.text(after), "step \(step): after folding more rows")
            #expect(WindowStateArchive.encode(decoded) == WindowStateArchive.encode(original))
        }
    }

    @Test("a numeric fold with trimmed watched slots and a margin survives the archive, pass after pass")
    func numericFoldWithWatchedSlots() throws {
        var random = SplitMix64(seed: 53)
        func draw(_ shift: Double) -> Double { (random.nextUnit() + random.nextUnit() - 1 + shift) * 5 }
        let reference = NumericReference(values: (0..<500).map { _ in draw(0) })
        var fold = NumericFold(reference: reference, keptBudget: 300)
        var window: [Double] = []
        for pass in 0..<60 {
            let batch = (0..<(1 + Int(random.nextUnit() * 200))).map { _ in
                random.nextUnit() < 0.02 ? Double.nan : draw(0.3 * sin(Double(pass) / 5))
            }
            window += batch
            batch.withUnsafeBufferPointer { fold.add($0) }
            if !fold.unwatchedCrossings.isEmpty {
                fold.watchNearCrossings()
                window.withUnsafeBufferPointer { fold.gather($0) }
            }
            var writer = ArchiveWriter()
            fold.archive(into: &writer)
            var reader = ArchiveReader(writer.bytes)
            let decoded = try NumericFold(reference: reference, unarchiving: &reader)
            #expect(reader.isAtEnd)
            #expect(decoded.watchedSlots == fold.watchedSlots && decoded.watchMargin.bitPattern == fold.watchMargin.bitPattern)
            #expect(decoded.provablyNoUnwatchedCrossing == fold.provablyNoUnwatchedCrossing)
            let expected = try #require(fold.comparison())
            let actual = try #require(decoded.comparison())
            #expect(actual.ks == expected.ks && actual.psi == expected.psi && actual.mean == expected.mean)
            #expect(actual.wasserstein.bitPattern == expected.wasserstein.bitPattern, "pass \(pass): Wasserstein-1 bit for bit")
            #expect(actual.jensenShannon == expected.jensenShannon && actual.binProportions == expected.binProportions)
            // The next pass continues from the decoded fold.
            fold = decoded
        }
        #expect(fold.watchMargin.isFinite && fold.watchMargin > 0, "the budget left slots unwatched")
    }

    @Test("columns round trip as gaps when ascending and as words otherwise, edge values included")
    func wordColumns() throws {
        var random = SplitMix64(seed: 9)
        let edges: [UInt64] = [0, 1, 0x7FF0_0000_0000_0000, UInt64.max - 1, UInt64.max]
        let shuffled = edges + (0..<1_000).map { _ in random.next() }
        let dense = (0..<1_000).map { UInt64(1 << 40) + UInt64($0) * 3 }
        for column in [[], edges, shuffled, shuffled.sorted(), [5, 5, 5], dense] {
            var writer = ArchiveWriter()
            writer.words(column)
            writer.byte(0xAB)
            var reader = ArchiveReader(writer.bytes)
            #expect(try reader.words() == column)
            #expect(try reader.byte() == 0xAB && reader.isAtEnd)
            if column == dense { #expect(writer.bytes.count < 2 * column.count, "a dense sorted column takes gaps") }
        }
    }

    @Test("cut, damaged and foreign archives throw a typed error", arguments: Harness.Task.allCases)
    func refusals(task: Harness.Task) throws {
        var fixture = try Fixture(task: task, seed: 61)
        try fixture.insert(0..<500, task: task)
        let evaluator = WindowEvaluator(reference: fixture.reference, settings: EvaluationSettings(minSamples: 20))
        var cost = WindowPassCost()
        let state = try evaluator.buildState(
            store: fixture.store, model: fixture.model, start: Harness.windowStart, end: Self.end, cost: &cost)
        let bytes = WindowStateArchive.encode(state)
        let reference = fixture.reference
        func decode(_ bytes: [UInt8], profile: ReferenceProfile? = nil, version: Int? = nil) -> StateArchiveError? {
            do {
                _ = try WindowStateArchive.decode(
                    bytes, profile: profile ?? reference.profile, schema: reference.schema,
                    referenceVersion: version ?? reference.version)
                return nil
            } catch {
                return error
            }
        }
        // Every cut is refused.
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(decode(Array(bytes.prefix(length))) != nil, "cut at \(length) of \(bytes.count)")
        }
        #expect(decode(bytes + [0])?.code == .corrupt, "trailing bytes")
        #expect(decode([0x00] + bytes.dropFirst())?.code == .unsupportedFormat)
        var version = bytes
        version[4] = 99
        #expect(decode(version)?.code == .unsupportedFormat)
        #expect(decode(bytes, version: reference.version + 1)?.code == .otherReference)
        // Another reference: one more breakpoint, and another feature order.
        var random = SplitMix64(seed: 5)
        var columns = Harness.referenceColumns(task: task, random: &random)
        let other = try ReferenceBuilder.prepare(columns: columns).profile
        #expect(decode(bytes, profile: other)?.code == .otherReference)
        columns.swapAt(0, 1)
        #expect(decode(bytes, profile: try ReferenceBuilder.prepare(columns: columns).profile)?.code == .otherReference)
        // Random damage: never a trap; a damaged state either throws or decodes to a state whose statistics
        // can be taken.
        var damage = SplitMix64(seed: 77)
        var thrown = 0
        for _ in 0..<300 {
            var damaged = bytes
            let position = 16 + Int(damage.nextUnit() * Double(damaged.count - 16))
            damaged[position] ^= UInt8(1 + Int(damage.nextUnit() * 255))
            do {
                let decoded = try WindowStateArchive.decode(
                    damaged, profile: reference.profile, schema: reference.schema, referenceVersion: reference.version)
                if !decoded.accumulator.needsGather {
                    _ = try? Self.statistics(decoded, referencePerformance: reference.performance)
                }
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 0, "damage is noticed")
    }
}
