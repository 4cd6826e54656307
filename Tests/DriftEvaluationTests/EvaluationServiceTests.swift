import DriftTestSupport
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

@Suite("Evaluation service: what is due, and when")
struct EvaluationServiceTests {
    private let hour = GoldenStore.hour
    private let minute = GoldenStore.minute

    /// The golden store with everything in, evaluated once after every window closed.
    private func evaluatedGolden() throws -> (GoldenStore, TestClock, EvaluationService) {
        let fixture = try GoldenStore()
        try fixture.insertEverything()
        let clock = TestClock(fixture.firstWindow + 3 * hour + 10 * minute)
        let service = try fixture.service(clock: clock)
        #expect(try service.evaluateDue(model: fixture.model).count == 3)
        return (fixture, clock, service)
    }

    @Test("a late event re-evaluates its window only, and the window counts two evaluations")
    func lateEvent() throws {
        let (fixture, clock, service) = try evaluatedGolden()
        clock.now += minute
        let late = Event(
            id: "late-1", timestampMilliseconds: fixture.firstWindow + 30 * minute,
            features: [.init(name: "f0", value: .number(0.1)), .init(name: "c0", value: .string("web"))],
            prediction: .number(0), score: 0.2)
        try fixture.store.insertEvents(model: fixture.model, events: [late], receivedAt: clock.now)

        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(evaluated.map(\.start) == [fixture.firstWindow])
        #expect(evaluated.first?.evaluations == 2)
        let windows = try fixture.store.evaluatedWindows(model: fixture.model)
        #expect(windows.map(\.evaluations) == [2, 1, 1])
        #expect(windows.map(\.statistics.count) == [301, 300, 300])
        #expect(windows[0].statistics.features["f1"]?.missing == 1, "the late event has no f1")
        #expect(windows[0].evaluatedAt == clock.now)
    }

    @Test("a late label re-evaluates the window of its event")
    func lateLabel() throws {
        let (fixture, clock, service) = try evaluatedGolden()
        let labelled = Set(fixture.golden.labels.map(\.id))
        let secondWindow = fixture.firstWindow + hour
        let unlabelled = try #require(
            fixture.events.first {
                !labelled.contains($0.id) && $0.timestampMilliseconds >= secondWindow
                    && $0.timestampMilliseconds < secondWindow + hour
            })
        clock.now += minute
        try fixture.store.insertLabels(
            model: fixture.model, labels: [LabelRecord(id: unlabelled.id, label: .number(1))], receivedAt: clock.now)

        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(evaluated.map(\.start) == [secondWindow])
        #expect(evaluated.first?.statistics.labelled == 244)
        #expect(evaluated.first?.evaluations == 2)
    }

    @Test("the open window is partial, stays so within the allowed lateness, and is final after it")
    func openWindow() throws {
        let fixture = try GoldenStore()
        try fixture.insertEverything()
        let third = fixture.firstWindow + 2 * hour
        let clock = TestClock(third + 30 * minute)
        let service = try fixture.service(clock: clock)

        let first = try service.evaluateDue(model: fixture.model)
        #expect(first.map(\.partial) == [false, false, true])
        #expect(first.map(\.evaluations) == [1, 1, 1])

        clock.now = third + hour + 4 * minute
        #expect(try service.evaluateDue(model: fixture.model).isEmpty, "unchanged and within its lateness")

        clock.now = third + hour + 5 * minute
        let closed = try service.evaluateDue(model: fixture.model)
        #expect(closed.map(\.start) == [third])
        #expect(closed.first?.partial == false)
        #expect(closed.first?.evaluations == 2)
    }

    @Test("a window that ended but is within its allowed lateness is partial")
    func withinLateness() throws {
        let fixture = try GoldenStore()
        try fixture.insertEverything()
        let end = fixture.firstWindow + 3 * hour
        let service = try fixture.service(clock: TestClock(end + 5 * minute - 1))
        #expect(try service.evaluateDue(model: fixture.model).map(\.partial) == [false, false, true])
    }

    @Test("a late event beyond the lateness horizon does not re-evaluate its window")
    func beyondHorizon() throws {
        let (fixture, clock, service) = try evaluatedGolden()
        clock.now = fixture.firstWindow + 8 * EvaluationSettings.day
        let late = Event(
            id: "too-late", timestampMilliseconds: fixture.firstWindow + 1, features: [], prediction: .number(1))
        try fixture.store.insertEvents(model: fixture.model, events: [late], receivedAt: clock.now)
        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(!evaluated.contains { $0.start == fixture.firstWindow })
        // The silent week within the horizon is filled in with empty windows instead.
        #expect(evaluated.allSatisfy { $0.statistics.count == 0 && !$0.partial })
        let first = try #require(try fixture.store.evaluatedWindows(model: fixture.model).first)
        #expect(first.evaluations == 1 && first.statistics.count == 300)
    }

    @Test("a closed window without events reports a volume of 0 and insufficient data")
    func emptyWindow() throws {
        let fixture = try GoldenStore()
        let second = fixture.firstWindow + hour
        let kept = fixture.events.filter { $0.timestampMilliseconds < second || $0.timestampMilliseconds >= second + hour }
        try fixture.store.insertEvents(model: fixture.model, events: kept, receivedAt: 0)
        let service = try fixture.service(clock: TestClock(fixture.firstWindow + 4 * hour))

        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(evaluated.map(\.start) == [fixture.firstWindow, second, second + hour])
        let empty = evaluated[1].statistics
        #expect(empty.count == 0 && empty.labelled == 0 && empty.labelCoverage == 0)
        #expect(empty.features.values.allSatisfy { $0.insufficientData == true && $0.count == 0 })
        #expect(empty.prediction?.insufficientData == true)
        #expect(empty.performance == nil)
        #expect(empty.driftedFeatureShare == 0)
    }

    @Test("a restarted service resumes from the stored cursor and re-evaluates nothing unchanged")
    func restart() throws {
        let (fixture, clock, _) = try evaluatedGolden()
        let restarted = try fixture.service(clock: clock)
        #expect(try restarted.evaluateDue(model: fixture.model).isEmpty)
        #expect(try fixture.store.evaluationCursor(model: fixture.model) > 0)
    }

    @Test("a window keeps its reference version when re-evaluated; new windows take the latest")
    func referenceVersions() throws {
        let (fixture, clock, service) = try evaluatedGolden()
        let version = try fixture.store.saveReference(
            model: fixture.model, schema: fixture.prepared.schema, profile: fixture.prepared.profile,
            rowCount: fixture.prepared.profile.rowCount, at: clock.now)
        #expect(version == 2)
        let late = Event(id: "late-2", timestampMilliseconds: fixture.firstWindow + 5, features: [], prediction: .number(0))
        let next = Event(
            id: "next-1", timestampMilliseconds: fixture.firstWindow + 3 * hour, features: [], prediction: .number(0))
        try fixture.store.insertEvents(model: fixture.model, events: [late, next], receivedAt: clock.now)
        clock.now = fixture.firstWindow + 4 * hour + 5 * minute

        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(evaluated.map(\.start) == [fixture.firstWindow, fixture.firstWindow + 3 * hour])
        #expect(evaluated.map(\.referenceVersion) == [1, 2])
        #expect(evaluated[1].statistics.referencePerformance == nil, "version 2 was saved without labels")
    }

    @Test("an unknown model is an unknownModel error")
    func unknownModel() throws {
        let fixture = try GoldenStore()
        let service = try fixture.service(clock: TestClock(0))
        #expect {
            try service.evaluateDue(model: ModelName("no-such-model")!)
        } throws: { error in
            (error as? EvaluationError)?.code == .unknownModel
        }
    }

    @Test("settings out of range are refused")
    func invalidSettings() throws {
        let fixture = try GoldenStore()
        #expect(throws: EvaluationError.self) {
            try EvaluationService(store: fixture.store, defaultSettings: EvaluationSettings(windowMilliseconds: 0))
        }
        #expect(throws: EvaluationError.self) {
            try EvaluationService(store: fixture.store, defaultSettings: EvaluationSettings(minSamples: -1))
        }
    }

    @Test("per-model settings replace the defaults")
    func modelSettings() throws {
        let fixture = try GoldenStore()
        try fixture.insertEverything()
        let quarter = EvaluationSettings(windowMilliseconds: 15 * minute, minSamples: 10)
        let service = try EvaluationService(
            store: fixture.store, modelSettings: [fixture.model: quarter],
            now: { [start = fixture.firstWindow] in start + 4 * EvaluationSettings.hour })
        #expect(service.settings(for: fixture.model) == quarter)
        // 12 quarters with events, then the closed quarters up to 3:30 without any.
        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(evaluated.count == 15)
        #expect(evaluated.prefix(12).allSatisfy { $0.statistics.count > 0 })
        #expect(evaluated.suffix(3).allSatisfy { $0.statistics.count == 0 })
        #expect(evaluated.map(\.statistics.count).reduce(0, +) == fixture.events.count)
        #expect(evaluated.allSatisfy { $0.end - $0.start == 15 * minute })
    }

    @Test("evaluateAllDue runs every model off the caller's thread")
    func allModels() async throws {
        let fixture = try GoldenStore()
        try fixture.insertEverything()
        let other = ModelName("other-model")!
        try fixture.store.saveReference(
            model: other, schema: fixture.prepared.schema, profile: fixture.prepared.profile,
            rowCount: fixture.prepared.profile.rowCount, at: 0)
        let service = try fixture.service(clock: TestClock(fixture.firstWindow + 4 * hour))
        let outcomes = try await service.evaluateAllDue()
        #expect(try outcomes[fixture.model]?.get().count == 3)
        #expect(try outcomes[other]?.get().isEmpty == true, "a model without events has no windows")
    }
}
