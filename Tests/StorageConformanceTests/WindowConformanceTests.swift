import DriftCore
import DriftStats
import Testing

/// References, window reads, change tracking and evaluated results, on every engine.
@Suite("Storage conformance: references and windows")
struct WindowConformanceTests {
    @Test("reference versions, the latest one, and an unchanged upload answered with its version", arguments: Backend.all)
    func references(backend: Backend) throws {
        let open = try backend.open()
        let store = open.store
        #expect(try store.latestReference(model: Sample.model) == nil)
        let first = try store.saveReference(
            model: Sample.model, schema: Sample.schema, profile: Sample.profile(), rowCount: 6, at: Sample.t0,
            performance: nil, contentSHA256: "aa")
        #expect(first.created)
        let same = try store.saveReference(
            model: Sample.model, schema: Sample.schema, profile: Sample.profile(), rowCount: 6, at: Sample.t0 + 1,
            performance: nil, contentSHA256: "aa")
        #expect(same.version == first.version && !same.created)
        let second = try store.saveReference(
            model: Sample.model, schema: Sample.schema, profile: Sample.profile(seed: 1), rowCount: 6, at: Sample.t0 + 2,
            performance: nil, contentSHA256: "bb")
        #expect(second.created && second.version > first.version)
        #expect(try store.referenceVersions(model: Sample.model) == [first.version, second.version])
        let latest = try #require(try store.latestReference(model: Sample.model))
        #expect(latest.version == second.version && latest.profile == Sample.profile(seed: 1))
        #expect(try store.reference(model: Sample.model, version: first.version)?.profile == Sample.profile())
        #expect(try store.latestSchema(model: Sample.model)?.schema == Sample.schema)
        let record = try #require(try store.model(named: Sample.model))
        #expect(record.referenceVersion == second.version && record.referenceSHA256 == "bb")
        #expect(try store.models().map(\.name) == [Sample.model])
        #expect(try store.models(after: Sample.model.rawValue, limit: 10).isEmpty)
    }

    @Test("a window holds the events of [from, to) in time order with the values sent", arguments: Backend.all)
    func windowRead(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        // Sent out of order; half of them in the first hour.
        let events = Sample.events(20, spacing: Sample.hour / 10).reversed()
        try store.insertEvents(model: Sample.model, events: Array(events), receivedAt: Sample.t0)
        let expected = events.filter { $0.timestampMilliseconds < Sample.t0 + Sample.hour }
            .sorted { $0.timestampMilliseconds < $1.timestampMilliseconds }
        let window = try store.windowData(model: Sample.model, from: Sample.t0, to: Sample.t0 + Sample.hour)
        #expect(window.timestamps == expected.map(\.timestampMilliseconds))
        #expect(window.column(named: "age")?.numbers == expected.map { $0.number("age") })
        #expect(window.column(named: "income")?.numbers == expected.map { $0.number("income") })
        #expect(window.column(named: "country")?.names == expected.map { $0.category("country") })
        #expect(window.column(named: "plan")?.names == expected.map { $0.category("plan") })
        #expect(window.predictions == expected.map(\.prediction))
        #expect(window.scores == expected.map { $0.score ?? .nan })
        let range = try #require(try store.eventTimeRange(model: Sample.model))
        #expect(range == events.map(\.timestampMilliseconds).min()!...events.map(\.timestampMilliseconds).max()!)
    }

    @Test("the change log names the windows touched after a cursor, by events and by labels", arguments: Backend.all)
    func changeTracking(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let hour = Sample.hour
        try store.insertEvents(
            model: Sample.model, events: [Sample.event("a", at: Sample.t0, index: 1), Sample.event("b", at: Sample.t0 + 2 * hour, index: 2)],
            receivedAt: Sample.t0)
        #expect(try store.evaluationCursor(model: Sample.model) == 0)
        let all = try store.touchedWindows(model: Sample.model, windowMilliseconds: hour, afterSequence: 0)
        #expect(all.windowStarts == [Sample.t0, Sample.t0 + 2 * hour])
        try store.setEvaluationCursor(model: Sample.model, sequence: all.lastSequence)
        #expect(try store.evaluationCursor(model: Sample.model) == all.lastSequence)
        let none = try store.touchedWindows(model: Sample.model, windowMilliseconds: hour, afterSequence: all.lastSequence)
        #expect(none == TouchedWindows(windowStarts: [], lastSequence: all.lastSequence))
        try store.insertLabels(model: Sample.model, labels: [LabelRecord(id: "a", label: .number(1))], receivedAt: Sample.t0)
        let labelled = try store.touchedWindows(model: Sample.model, windowMilliseconds: hour, afterSequence: all.lastSequence)
        #expect(labelled.windowStarts == [Sample.t0])
        #expect(labelled.lastSequence > all.lastSequence)
    }

    @Test("results: replaced with a count, read by overlap, final and partial bookkeeping", arguments: Backend.all)
    func results(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let hour = Sample.hour
        func result(_ index: Int64, partial: Bool, at evaluatedAt: Int64) -> StoredWindowResult {
            StoredWindowResult(
                start: Sample.t0 + index * hour, end: Sample.t0 + (index + 1) * hour, referenceVersion: 1,
                partial: partial, evaluatedAt: evaluatedAt, evaluations: 0, json: #"{"i":\#(index)}"#)
        }
        let before = try store.modelChangeStamps()[Sample.model.rawValue]
        #expect(try store.saveWindowResult(model: Sample.model, result(0, partial: true, at: 10)).evaluations == 1)
        #expect(try store.saveWindowResult(model: Sample.model, result(0, partial: false, at: 20)).evaluations == 2)
        try store.saveWindowResult(model: Sample.model, result(1, partial: false, at: 30))
        try store.saveWindowResult(model: Sample.model, result(2, partial: true, at: 40))
        #expect(try store.windowResults(model: Sample.model).map(\.start) == [0, 1, 2].map { Sample.t0 + $0 * hour })
        let middle = try store.windowResults(model: Sample.model, from: Sample.t0 + hour / 2, to: Sample.t0 + hour + 1)
        #expect(middle.map(\.json) == [#"{"i":0}"#, #"{"i":1}"#])
        #expect(try store.finalWindowResults(model: Sample.model, evaluatedSince: 25).map(\.json) == [#"{"i":1}"#])
        #expect(try store.partialWindowResults(model: Sample.model).map(\.start) == [Sample.t0 + 2 * hour])
        let statuses = try store.windowResultStatuses(model: Sample.model, startingFrom: Sample.t0, before: Sample.t0 + 2 * hour)
        #expect(statuses.map(\.evaluations) == [2, 1])
        #expect(try store.latestFinalWindowStart(model: Sample.model) == Sample.t0 + hour)
        let after = try #require(try store.modelChangeStamps()[Sample.model.rawValue])
        #expect(after != before)
        #expect(after.latestWindowStart == Sample.t0 + 2 * hour && after.latestWindowEvaluations == 1)
    }

    @Test("retention deletes events older than the cutoff, with their labels and counters", arguments: Backend.all)
    func retention(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let events = Sample.events(10)
        try store.insertEvents(model: Sample.model, events: events, receivedAt: Sample.t0)
        try store.insertLabels(
            model: Sample.model, labels: [LabelRecord(id: "e1", label: .number(1)), LabelRecord(id: "e8", label: .number(0))],
            receivedAt: Sample.t0)
        let cutoff = events[7].timestampMilliseconds
        let older = events.filter { $0.timestampMilliseconds < cutoff }
        #expect(try store.deleteEvents(olderThan: cutoff, chunkSize: 3) == older.count)
        let remaining = try store.windowData(model: Sample.model, from: 0, to: .max)
        #expect(remaining.timestamps == events.filter { $0.timestampMilliseconds >= cutoff }.map(\.timestampMilliseconds))
        #expect(remaining.labels == [nil, .number(0), nil])
        let record = try #require(try store.model(named: Sample.model))
        #expect(record.eventCount == events.count - older.count && record.matchedLabelCount == 1)
    }
}
