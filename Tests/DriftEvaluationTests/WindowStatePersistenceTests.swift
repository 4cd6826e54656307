import DriftCore
import DriftEvaluation
import DriftPostgres
import DriftStats
import DriftStore
import DriftTestSupport
import Testing

/// Window states saved by one evaluation service continue in another: after a restart (a new service on
/// the same SQLite file) or on another replica (two services on one PostgreSQL database) the first pass
/// folds only the rows stored since the save, and its result equals an evaluation from scratch. A state of
/// another reference or settings, or a damaged one, is rebuilt from the window's rows.
@Suite("Persisted window states")
struct WindowStatePersistenceTests {
    typealias Harness = IncrementalEqualityTests
    private static let model = ModelName("persisted")!
    private static let settings = EvaluationSettings(minSamples: 20)
    /// Both windows of the stream closed and past their lateness; the next one open and empty.
    private static let now = Harness.windowStart + 2 * Harness.hour + 10 * 60_000

    /// A store (SQLite file or PostgreSQL scratch database) with a random stream's reference saved.
    private struct Fixture {
        let reopener: Harness.Reopener
        let schema: ModelSchema
        let profile: ReferenceProfile
        let events: [Event]
        let version: Int

        init(task: Harness.Task, engine: String) throws {
            reopener = try Harness.Reopener(engine: engine)
            var random = SplitMix64(seed: 97 + UInt64(task.rawValue.count))
            let store = try reopener.open()
            (version, schema, profile) = try Harness.saveReference(
                task: task, random: &random, model: WindowStatePersistenceTests.model, in: store)
            try store.close()
            events = (0..<2_000).map { Harness.event($0, task: task, random: &random) }
        }
    }

    /// Each result's statistics against an evaluation of the same window from scratch (no kept state).
    private static func expectFromScratch(_ results: [WindowResult], store: any StoragePort) throws {
        for result in results {
            let reference = try #require(try store.reference(model: model, version: result.referenceVersion))
            let scratch = try WindowStateCache().evaluate(
                model: model, start: result.start, end: result.end, partial: result.partial, reference: reference,
                settings: settings, store: store, evaluatedAt: now)
            #expect(scratch.cost.full)
            #expect(
                try Harness.text(result.statistics) == Harness.text(scratch.result.statistics),
                "window \(result.start): continued from the saved state vs from scratch")
        }
    }

    @Test(
        "a restart, or another replica, folds only the rows stored since the saved state",
        arguments: Harness.Task.allCases, GoldenStore.engines)
    func continuesFromSavedState(task: Harness.Task, engine: String) throws {
        let fixture = try Fixture(task: task, engine: engine)
        let first = try fixture.reopener.open()
        try first.insertEvents(model: Self.model, events: Array(fixture.events[..<1_200]), receivedAt: 1)
        try first.insertLabels(
            model: Self.model,
            labels: fixture.events[..<300].map { LabelRecord(id: $0.id, label: $0.prediction ?? .null) }, receivedAt: 2)
        let service = try EvaluationService(store: first, defaultSettings: Self.settings, now: { Self.now })
        let before = try service.evaluateDue(model: Self.model)
        #expect(before.count == 2)
        let firstReport = try #require(service.windowStates.persistence).drain()
        #expect(firstReport.saves == 2 && firstReport.loads.isEmpty && firstReport.bytesSaved > 0)

        // SQLite: the process restarts (the store reopened, a new service). PostgreSQL: a second replica
        // on the same database while the first one stays open.
        let second: any StoragePort
        if engine == "sqlite" {
            try first.close()
            second = try fixture.reopener.open()
        } else {
            second = try fixture.reopener.open()
        }
        let newEvents = Array(fixture.events[1_200...])
        try second.insertEvents(model: Self.model, events: newEvents, receivedAt: 3)
        // Labels of events folded before the save: label changes the continued pass must apply.
        try second.insertLabels(
            model: Self.model,
            labels: fixture.events[200..<500].map { LabelRecord(id: $0.id, label: $0.prediction ?? .null) },
            receivedAt: 4)
        let restarted = try EvaluationService(store: second, defaultSettings: Self.settings, now: { Self.now + 1 })
        let after = try restarted.evaluateDue(model: Self.model)
        #expect(after.count == 2)
        let report = try #require(restarted.windowStates.persistence).drain()
        #expect(report.loads == ["loaded": 2], "both windows continued from their saved states")
        let totals = restarted.windowStates.totals
        #expect(totals.rowsFolded == newEvents.count, "only the new rows were folded")
        #expect(totals.labelsUpdated > 0, "labels of rows folded before the save were applied as changes")
        try Self.expectFromScratch(after, store: second)
        if engine != "sqlite" { try first.close() }
        try second.close()
    }

    @Test("a saved state of other settings or another reference version is rebuilt; a damaged one deleted and rebuilt",
        arguments: GoldenStore.engines)
    func staleAndDamaged(engine: String) throws {
        let fixture = try Fixture(task: .binary, engine: engine)
        let store = try fixture.reopener.open()
        try store.insertEvents(model: Self.model, events: fixture.events, receivedAt: 1)
        let start = Harness.windowStart
        let end = start + Harness.hour
        let v1 = try #require(try store.reference(model: Self.model, version: fixture.version))
        let saving = WindowStateCache(persistence: WindowStatePersistence(saveIntervalMilliseconds: 0))
        _ = try saving.evaluate(
            model: Self.model, start: start, end: end, partial: false, reference: v1, settings: Self.settings,
            store: store, evaluatedAt: Self.now)
        #expect(try store.windowState(model: Self.model, windowStart: start, slice: "") != nil)

        func freshPass(reference: StoredReference, settings: EvaluationSettings) throws
            -> (WindowPassCost, WindowStatePersistence.Report, WindowResult)
        {
            let cache = WindowStateCache(persistence: WindowStatePersistence(saveIntervalMilliseconds: 0))
            let (result, cost) = try cache.evaluate(
                model: Self.model, start: start, end: end, partial: false, reference: reference, settings: settings,
                store: store, evaluatedAt: Self.now)
            return (cost, try #require(cache.persistence).drain(), result)
        }
        // Other settings: stale, rebuilt (and saved again with them).
        var other = Self.settings
        other.minSamples = 30
        let (otherCost, otherReport, _) = try freshPass(reference: v1, settings: other)
        #expect(otherCost.full && otherReport.loads == ["stale": 1] && otherReport.saves == 1)

        // Another reference version: stale, rebuilt, equal to an evaluation from scratch.
        var random = SplitMix64(seed: 3)
        let prepared = try ReferenceBuilder.prepare(columns: Harness.referenceColumns(task: .binary, random: &random))
        let v2Version = try store.saveReference(
            model: Self.model, schema: prepared.schema, profile: prepared.profile, rowCount: prepared.profile.rowCount,
            at: 1, performance: nil)
        let v2 = try #require(try store.reference(model: Self.model, version: v2Version))
        let (v2Cost, v2Report, v2Result) = try freshPass(reference: v2, settings: Self.settings)
        #expect(v2Cost.full && v2Report.loads == ["stale": 1])
        try Self.expectFromScratch([v2Result], store: store)

        // Damaged: the saved bytes cut in half under a matching version and settings.
        var saved = try #require(try store.windowState(model: Self.model, windowStart: start, slice: ""))
        #expect(saved.referenceVersion == v2Version)
        saved.bytes = Array(saved.bytes.prefix(saved.bytes.count / 2))
        try store.saveWindowState(model: Self.model, saved)
        let damagedCache = WindowStateCache(persistence: WindowStatePersistence(saveIntervalMilliseconds: 60_000))
        damagedCache.restore(model: Self.model, start: start, reference: v2, settings: Self.settings, store: store)
        let damagedReport = try #require(damagedCache.persistence).drain()
        #expect(damagedReport.loads == ["corrupt": 1] && damagedReport.warnings.count == 1)
        #expect(try store.windowState(model: Self.model, windowStart: start, slice: "") == nil, "the damaged state is deleted")
        let (_, rebuiltCost) = try damagedCache.evaluate(
            model: Self.model, start: start, end: end, partial: false, reference: v2, settings: Self.settings,
            store: store, evaluatedAt: Self.now)
        #expect(rebuiltCost.full)
        #expect(try store.windowState(model: Self.model, windowStart: start, slice: "") != nil, "saved again after the full pass")
        try store.close()
    }

    @Test("saved after a full pass, then at most every interval, and on the first closed evaluation")
    func savePolicy() throws {
        let fixture = try Fixture(task: .regression, engine: "sqlite")
        let store = try fixture.reopener.open()
        let reference = try #require(try store.reference(model: Self.model, version: fixture.version))
        let cache = WindowStateCache(persistence: WindowStatePersistence(saveIntervalMilliseconds: 60_000))
        let start = Harness.windowStart
        var saves: [Int] = []
        for (pass, (count, minute, partial)) in [(100, 0, true), (200, 0, true), (300, 1, true), (400, 1, true),
            (500, 1, false), (600, 1, false), (700, 3, false)].enumerated()
        {
            try store.insertEvents(model: Self.model, events: Array(fixture.events[(pass * 100)..<count]), receivedAt: 1)
            _ = try cache.evaluate(
                model: Self.model, start: start, end: start + Harness.hour, partial: partial, reference: reference,
                settings: Self.settings, store: store, evaluatedAt: Self.now + Int64(minute) * 60_000 + Int64(pass))
            saves.append(try #require(cache.persistence).drain().saves)
        }
        // Full pass; within the minute; a minute later; within it; first closed; within it; later.
        #expect(saves == [1, 0, 1, 0, 1, 0, 1])
        try store.close()
    }
}
