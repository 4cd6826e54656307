import DriftTestSupport
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

/// The end-to-end golden (STATISTICS.md, "End to end (windows.json)"): reference, events and labels go
/// through a real store and the evaluation service, and every field of `expected_windows` must come out
/// of the stored results within STATISTICS.md's tolerances.
@Suite("End to end: windows.json")
struct GoldenWindowsTests {
    /// The stored windows as the API's JSON.
    private func reportedWindows(_ fixture: GoldenStore) throws -> [JSONValue] {
        let results = try fixture.store.evaluatedWindows(model: fixture.model)
        let data = try ResultJSON.encoder.encode(results)
        return try #require(try JSONValue.parse(data).array)
    }

    /// The differences between the golden windows and the reported ones.
    private func differences(_ fixture: GoldenStore) throws -> [String] {
        let reported = try reportedWindows(fixture)
        return GoldenComparison.differences(expected: .array(fixture.expected), actual: .array(reported))
    }

    @Test("every field of expected_windows matches once every event and label is in", arguments: GoldenStore.engines)
    func golden(engine: String) throws {
        let fixture = try GoldenStore(engine: engine)
        try fixture.insertEverything()
        let lastEnd = try GoldenWindows.milliseconds(try #require(fixture.expected.last?["end"]?.string))
        let clock = TestClock(lastEnd + 10 * GoldenStore.minute)
        let service = try fixture.service(clock: clock)

        let evaluated = try service.evaluateDue(model: fixture.model)
        #expect(evaluated.count == fixture.expected.count)
        let problems = try differences(fixture)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")

        let windows = try fixture.store.evaluatedWindows(model: fixture.model)
        #expect(windows.map(\.partial) == [false, false, false])
        #expect(windows.map(\.evaluations) == [1, 1, 1])
        #expect(windows.map(\.referenceVersion) == [1, 1, 1])
        #expect(windows.allSatisfy { $0.evaluatedAt == clock.now })
        let summary = try #require(try fixture.store.model(named: fixture.model))
        #expect(summary.unmatchedLabelCount == fixture.golden.unmatchedLabels)
        #expect(try service.evaluateDue(model: fixture.model).isEmpty, "nothing changed, nothing is due")
    }

    @Test("the golden still matches when windows were evaluated while the data streamed in", arguments: GoldenStore.engines)
    func streamed(engine: String) throws {
        let fixture = try GoldenStore(engine: engine)
        let clock = TestClock(0)
        let service = try fixture.service(clock: clock)
        // Events arrive in event-time order, in batches of 50, and the service runs after each batch.
        let ordered = fixture.events.sorted { $0.timestampMilliseconds < $1.timestampMilliseconds }
        var partialSeen = false
        for start in stride(from: 0, to: ordered.count, by: 50) {
            let batch = Array(ordered[start..<min(start + 50, ordered.count)])
            clock.now = batch.last!.timestampMilliseconds + 1
            try fixture.store.insertEvents(model: fixture.model, events: batch, receivedAt: clock.now)
            partialSeen = try service.evaluateDue(model: fixture.model).contains(where: \.partial) || partialSeen
        }
        #expect(partialSeen, "the open window is evaluated as partial")
        try fixture.store.insertLabels(model: fixture.model, labels: fixture.golden.storeLabels, receivedAt: clock.now)
        clock.now = fixture.firstWindow + 4 * GoldenStore.hour
        try service.evaluateDue(model: fixture.model)

        let problems = try differences(fixture)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let windows = try fixture.store.evaluatedWindows(model: fixture.model)
        #expect(windows.map(\.partial) == [false, false, false])
        #expect(windows.allSatisfy { $0.evaluations >= 2 }, "each window was evaluated open, then again")
    }

    @Test("the reference's own performance matches reference_performance")
    func referencePerformance() throws {
        let fixture = try GoldenStore()
        let stored = try #require(try fixture.store.latestReference(model: fixture.model))
        let performance = try #require(stored.performance)
        #expect(performance == fixture.prepared.performance())
        let expected = JSONValue.object(fixture.golden.referencePerformance.mapValues { .number($0) })
        let actual = JSONValue.object(performance.values.mapValues { .number($0) })
        let problems = GoldenComparison.differences(expected: .object(["reference_performance": expected]),
                                                    actual: .object(["reference_performance": actual]))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(performance.count == fixture.prepared.profile.rowCount)
    }

    @Test("the boundary events belong to the later window")
    func boundaries() throws {
        let fixture = try GoldenStore()
        let grid = WindowGrid(size: GoldenStore.hour)
        let starts = try fixture.expected.map { try GoldenWindows.milliseconds(try #require($0["start"]?.string)) }
        let onBoundary = fixture.events.filter { starts.contains($0.timestampMilliseconds) }
        #expect(onBoundary.count == starts.count - 1, "one event sits on each inner boundary")
        for event in onBoundary {
            #expect(grid.start(of: event.timestampMilliseconds) == event.timestampMilliseconds)
        }
    }
}
