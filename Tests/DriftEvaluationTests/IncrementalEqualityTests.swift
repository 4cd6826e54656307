import DriftTestSupport
import DriftCore
import DriftEvaluation
import DriftPostgres
import DriftStats
import DriftStore
import Foundation
import Testing

/// Evaluating a window incrementally — many small batches in random order, late events, late labels and
/// corrected labels, a restart in the middle — gives exactly, field by field, what an evaluation of the
/// same rows from scratch gives: streamed from the store in chunks, or from the whole window in memory.
@Suite("Incremental evaluation equals evaluation from scratch")
struct IncrementalEqualityTests {
    static let hour = EvaluationSettings.hour
    /// 2026-01-05T00:00:00Z.
    static let windowStart: Int64 = 1_767_571_200_000

    enum Task: String, CaseIterable, Sendable {
        case binary, multiclass, regression
    }

    /// The result's statistics as the API writes them (sorted keys, shortest round-trip numbers), so that
    /// equal text is equality of every field, bit for bit.
    static func text(_ statistics: WindowStatistics) throws -> String {
        String(decoding: try ResultJSON.encoder.encode(statistics), as: UTF8.self)
    }

    /// A random stream's reference: two numeric features (one with many ties, so point slots count), one
    /// categorical, and the task's prediction, label and score columns.
    static func referenceColumns(task: Task, random: inout SplitMix64) -> [(name: String, values: ColumnValues)] {
        let rows = 400
        var ties: [Double] = []
        var smooth: [Double] = []
        var categories: [String?] = []
        var predictions: [String?] = []
        var labels: [String?] = []
        var scores: [Double] = []
        for _ in 0..<rows {
            ties.append(((random.nextUnit() - 0.5) * 40).rounded() / 10)
            smooth.append((random.nextUnit() + random.nextUnit() - 1) * 3)
            categories.append(["a", "b", "c", "d", "e"][Int(random.nextUnit() * 5)])
            let (prediction, label, score) = outcome(task: task, random: &random)
            predictions.append(prediction.categoryName)
            labels.append(label.categoryName)
            scores.append(score)
        }
        var columns: [(name: String, values: ColumnValues)] = [
            ("n0", .numeric(ties)), ("n1", .numeric(smooth)), ("c0", .categorical(CategoricalColumn(values: categories))),
        ]
        switch task {
        case .regression:
            columns.append(("prediction", .numeric(predictions.map { $0.flatMap(Double.init) ?? .nan })))
            columns.append(("label", .numeric(labels.map { $0.flatMap(Double.init) ?? .nan })))
        case .binary, .multiclass:
            columns.append(("prediction", .categorical(CategoricalColumn(values: predictions))))
            columns.append(("label", .categorical(CategoricalColumn(values: labels))))
        }
        if task == .binary { columns.append(("score", .numeric(scores))) }
        return columns
    }

    /// A random prediction, label and score of the task.
    static func outcome(task: Task, random: inout SplitMix64) -> (ScalarValue, ScalarValue, Double) {
        let score = random.nextUnit()
        switch task {
        case .binary:
            return (.number(score > 0.5 ? 1 : 0), .number(random.nextUnit() < score ? 1 : 0), score)
        case .multiclass:
            let names = ["x", "y", "z"]
            return (.string(names[Int(score * 3)]), .string(names[Int(random.nextUnit() * 3)]), score)
        case .regression:
            let y = (random.nextUnit() * 100).rounded() / 4
            return (.number(y + (random.nextUnit() - 0.5) * 10), .number(y), score)
        }
    }

    /// Saves a random stream's reference (``referenceColumns(task:random:)``; a binary task's with a score
    /// calibration, so its windows have an estimate) for `model` in `store`.
    static func saveReference(task: Task, random: inout SplitMix64, model: ModelName, in store: any StoragePort) throws
        -> (version: Int, schema: ModelSchema, profile: ReferenceProfile)
    {
        let prepared = try ReferenceBuilder.prepare(columns: referenceColumns(task: task, random: &random))
        var profile = prepared.profile
        if task == .binary {
            profile.calibration = ScoreCalibration.fit(
                scores: (0..<200).map { Double($0) / 200 }, labels: (0..<200).map { $0 % 3 != 0 && $0 > 60 })
        }
        let version = try store.saveReference(
            model: model, schema: prepared.schema, profile: profile, rowCount: profile.rowCount, at: 0,
            performance: prepared.performance())
        return (version, prepared.schema, profile)
    }

    /// A random event of the window (or, one time in twenty, of the next one): drifted values, ties,
    /// values outside the reference, missing values, unseen categories, latencies.
    static func event(_ index: Int, task: Task, random: inout SplitMix64) -> Event {
        let offset = Int64(random.nextUnit() * Double(hour))
        let next = random.nextUnit() < 0.05
        let (prediction, _, score) = outcome(task: task, random: &random)
        let tie: ScalarValue =
            random.nextUnit() < 0.03 ? .null : .number(((random.nextUnit() - 0.4) * 50).rounded() / 10)
        let smooth: ScalarValue = .number((random.nextUnit() + random.nextUnit() - 0.8) * 3.5)
        let category = ["a", "b", "c", "d", "e", "f"][Int(random.nextUnit() * 6)]
        return Event(
            id: "e\(index)", timestampMilliseconds: windowStart + (next ? hour : 0) + offset,
            features: [.init(name: "n0", value: tie), .init(name: "n1", value: smooth), .init(name: "c0", value: .string(category))],
            prediction: prediction, score: task == .binary && random.nextUnit() < 0.98 ? score : nil,
            latencyMilliseconds: random.nextUnit() < 0.9 ? (random.nextUnit() * 200).rounded() / 2 : nil)
    }

    /// Opens the store of a case again after a restart: a SQLite file in a temporary directory, or a
    /// scratch database on the PostgreSQL test server (GoldenStore.engines).
    struct Reopener {
        let directory: TemporaryDirectory
        let scratch: ScratchDatabase?

        init(engine: String) throws {
            directory = try TemporaryDirectory()
            scratch = try ScratchDatabase.serverURL.flatMap {
                engine == "postgres" ? try ScratchDatabase(server: $0) : nil
            }
        }

        func open() throws -> any StoragePort {
            if let scratch { return try PostgresStore(url: scratch.url, connections: 2) }
            return try SQLiteStore(path: directory.path())
        }
    }

    @Test(
        "a random stream in small batches with late labels, corrections and a restart",
        arguments: Task.allCases, GoldenStore.engines)
    func randomStream(task: Task, engine: String) throws {
        var random = SplitMix64(seed: 20_261_206 + UInt64(task.rawValue.count))
        let reopener = try Reopener(engine: engine)
        var store = try reopener.open()
        let model = ModelName("stream")!
        let version = try Self.saveReference(task: task, random: &random, model: model, in: store).version
        let settings = EvaluationSettings(minSamples: 20)
        let events = (0..<2_400).map { Self.event($0, task: task, random: &random) }
        var cache = WindowStateCache()
        var stored = 0
        var batches = 0
        var incrementalPasses = 0
        var labelsUpdated = 0
        var gathered = 0
        while stored < events.count {
            let size = min(1 + Int(random.nextUnit() * 250), events.count - stored)
            try store.insertEvents(model: model, events: Array(events[stored..<(stored + size)]), receivedAt: 1)
            stored += size
            batches += 1
            // Labels for some stored events: first labels, and corrections of earlier ones.
            let labels = (0..<Int(random.nextUnit() * 60)).map { _ in
                let id = events[Int(random.nextUnit() * Double(stored))].id
                return LabelRecord(id: id, label: Self.outcome(task: task, random: &random).1)
            }
            if !labels.isEmpty { try store.insertLabels(model: model, labels: labels, receivedAt: 2) }
            if batches == 6 {
                // A restart: the store reopened, the kept states gone.
                try store.close()
                store = try reopener.open()
                cache = WindowStateCache()
            }
            guard let reference = try store.reference(model: model, version: version) else {
                Issue.record("the reference is gone")
                return
            }
            let (incremental, cost) = try cache.evaluate(
                model: model, start: Self.windowStart, end: Self.windowStart + Self.hour, partial: true,
                reference: reference, settings: settings, store: store, evaluatedAt: 0)
            if !cost.full { incrementalPasses += 1 }
            labelsUpdated += cost.labelsUpdated
            gathered += cost.rowsGathered
            let (fromScratch, scratchCost) = try WindowStateCache().evaluate(
                model: model, start: Self.windowStart, end: Self.windowStart + Self.hour, partial: true,
                reference: reference, settings: settings, store: store, evaluatedAt: 0)
            #expect(scratchCost.full)
            let inMemory = try WindowEvaluator(reference: reference, settings: settings).statistics(
                of: try store.windowData(model: model, from: Self.windowStart, to: Self.windowStart + Self.hour))
            let text = try Self.text(incremental.statistics)
            #expect(text == (try Self.text(fromScratch.statistics)), "pass \(batches): incremental vs streamed from scratch")
            #expect(text == (try Self.text(inMemory)), "pass \(batches): incremental vs the whole window in memory")
        }
        #expect(batches > 10 && incrementalPasses >= batches - 2, "most passes were incremental")
        #expect(labelsUpdated > 0, "labels changed on events already folded")
        let last = try #require(try store.reference(model: model, version: version))
        let final = try WindowStateCache().evaluate(
            model: model, start: Self.windowStart, end: Self.windowStart + Self.hour, partial: false, reference: last,
            settings: settings, store: store, evaluatedAt: 0
        ).result.statistics
        #expect(final.performance != nil && final.latency != nil)
        #expect(final.features["n0"]?.insufficientData != true && final.features["c0"]?.unseenShare ?? 0 > 0)
        if task == .binary { #expect(final.estimatedPerformance != nil) }
        try store.close()
    }

    @Test("a numeric fold over any chunks in any order is the in-memory comparison, exactly where it counts")
    func numericFoldMatchesComparison() throws {
        var random = SplitMix64(seed: 7)
        for round in 0..<40 {
            let referenceSize = 50 + Int(random.nextUnit() * 2_000)
            let discrete = round % 3 == 0
            func draw(_ shift: Double) -> Double {
                let value = (random.nextUnit() + random.nextUnit() - 1 + shift) * 5
                return discrete ? value.rounded() : value
            }
            let reference = NumericReference(values: (0..<referenceSize).map { _ in draw(0) })
            let window = (0..<(1 + Int(random.nextUnit() * 5_000))).map { _ in
                random.nextUnit() < 0.02 ? Double.nan : draw(Double(round % 5) / 10)
            }
            guard let expected = NumericComparison(reference: reference, window: window) else { continue }
            // The window shuffled and cut into random chunks.
            var shuffled = window
            for index in shuffled.indices.reversed() {
                shuffled.swapAt(index, Int(random.nextUnit() * Double(index + 1)))
            }
            var fold = NumericFold(reference: reference)
            var chunks: [ArraySlice<Double>] = []
            var start = 0
            while start < shuffled.count {
                let size = min(1 + Int(random.nextUnit() * 700), shuffled.count - start)
                chunks.append(shuffled[start..<(start + size)])
                start += size
            }
            for chunk in chunks { chunk.withUnsafeBufferPointer { fold.add($0) } }
            if !fold.unwatchedCrossings.isEmpty {
                fold.watchNearCrossings()
                for chunk in chunks.reversed() { chunk.withUnsafeBufferPointer { fold.gather($0) } }
            }
            let streamed = try #require(fold.comparison())
            #expect(streamed.count == expected.count && streamed.missing == expected.missing)
            #expect(streamed.ks == expected.ks, "KS from the same integer counts")
            #expect(streamed.binProportions == expected.binProportions && streamed.psi == expected.psi)
            #expect(streamed.jensenShannon == expected.jensenShannon)
            #expect(streamed.minimum == expected.minimum && streamed.maximum == expected.maximum)
            #expect(streamed.outOfRangeShare == expected.outOfRangeShare)
            // Sums: STATISTICS.md's Wasserstein tolerance (1e-10 relative) and the mean to 1e-12.
            #expect(abs(streamed.wasserstein - expected.wasserstein) <= 1e-10 * max(expected.wasserstein, 1e-300))
            let mean = try #require(expected.mean)
            #expect(abs((streamed.mean ?? .nan) - mean) <= 1e-12 * max(abs(mean), 1))
        }
    }

    @Test("a numeric fold fed pass by pass while the window drifts back and forth: exact, bounded, and proved free of second reads", arguments: [false, true])
    func numericFoldWhileCrossingsMove(discrete: Bool) throws {
        var random = SplitMix64(seed: discrete ? 31 : 37)
        // With `discrete`, the reference has ties (multiplicities) and many window values fall on them.
        func draw(_ shift: Double, step: Double) -> Double {
            let value = (random.nextUnit() + random.nextUnit() - 1 + shift) * 5
            return discrete ? (value / step).rounded() * step : value
        }
        let referenceValues = (0..<300).map { _ in draw(0, step: 0.2) }
        let reference = NumericReference(values: referenceValues)
        let budget = 1_000
        var mostKept = 0
        var fold = NumericFold(reference: reference, keptBudget: budget)
        let breakpoints = fold.breakpoints
        var window: [Double] = []
        var (passes, secondReads, proved) = (0, 0, 0)
        var crossingsSeen = Set<Int>()
        while window.count < 20_000 {
            // The window's shift swings, so F_C crosses F_R in ever other slots.
            let shift = 0.25 * sin(Double(passes) / 6)
            let batch = (0..<(1 + Int(random.nextUnit() * 120))).map { _ in
                random.nextUnit() < 0.02 ? Double.nan : draw(shift, step: 0.05)
            }
            window += batch
            batch.withUnsafeBufferPointer { fold.add($0) }
            passes += 1
            let watched = Set(fold.watchedSlots)
            let crossings = fold.crossingSlots()
            crossingsSeen.formUnion(crossings)
            if fold.provablyNoUnwatchedCrossing {
                proved += 1
                #expect(crossings.allSatisfy(watched.contains), "pass \(passes): the bound held, so no crossing is unwatched")
            }
            if !fold.unwatchedCrossings.isEmpty {
                secondReads += 1
                fold.watchNearCrossings()
                window.withUnsafeBufferPointer { fold.gather($0) }
            }
            // Every crossing slot's values must be kept; beyond them, at most twice the budget.
            let crossingValues = window.filter { value in
                crossings.contains { value > breakpoints[$0 - 1] && value < breakpoints[$0] }
            }.count
            mostKept = max(mostKept, fold.watchedValueCount - crossingValues)
            // From scratch: one chunk, then a second read when needed.
            var scratch = NumericFold(reference: reference, keptBudget: budget)
            window.withUnsafeBufferPointer { scratch.add($0) }
            if !scratch.unwatchedCrossings.isEmpty {
                scratch.watchNearCrossings()
                window.withUnsafeBufferPointer { scratch.gather($0) }
            }
            let incremental = try #require(fold.comparison())
            let expected = try #require(scratch.comparison())
            #expect(incremental.count == expected.count && incremental.missing == expected.missing)
            #expect(incremental.ks == expected.ks && incremental.psi == expected.psi)
            #expect(incremental.binProportions == expected.binProportions)
            #expect(incremental.jensenShannon == expected.jensenShannon)
            #expect(incremental.wasserstein == expected.wasserstein, "pass \(passes): Wasserstein-1 bit for bit")
            #expect(incremental.mean == expected.mean && incremental.minimum == expected.minimum)
            let inMemory = try #require(NumericComparison(reference: reference, window: window))
            #expect(incremental.ks == inMemory.ks && incremental.psi == inMemory.psi)
            #expect(abs(incremental.wasserstein - inMemory.wasserstein) <= 1e-10 * max(inMemory.wasserstein, 1e-300))
        }
        #expect(crossingsSeen.count > 10, "the crossings moved across slots")
        #expect(secondReads > 0 && secondReads < passes / 2, "some passes needed a second read, most did not")
        #expect(mostKept <= 2 * budget, "the kept values beyond the crossings' stay bounded as the window grows to \(window.count)")
        #expect(proved > 0, "the bound proved some passes exact without looking at the crossings")
    }
}
