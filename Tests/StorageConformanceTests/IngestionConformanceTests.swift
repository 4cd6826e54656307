import DriftCore
import Testing

/// Events, duplicates, labels in either order and label fan-out, on every engine.
@Suite("Storage conformance: ingestion")
struct IngestionConformanceTests {
    @Test("a batch stores new events and counts repeats, within the batch and against stored ones", arguments: Backend.all)
    func duplicates(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let first = Sample.events(10)
        let stored = try store.insertEvents(model: Sample.model, events: first, receivedAt: Sample.t0)
        #expect(stored == EventInsertResult(accepted: first.count, duplicates: 0))
        // Five stored again, three new, one of the new repeated inside the batch.
        let fresh = Sample.events(3, prefix: "n")
        let batch = Array(first.prefix(5)) + fresh + [fresh[0]]
        let second = try store.insertEvents(model: Sample.model, events: batch, receivedAt: Sample.t0)
        #expect(second == EventInsertResult(accepted: fresh.count, duplicates: 6))
        #expect(try store.model(named: Sample.model)?.eventCount == first.count + fresh.count)
        let window = try store.windowData(model: Sample.model, from: Sample.t0, to: Sample.t0 + Sample.hour)
        #expect(window.count == first.count + fresh.count)
    }

    @Test("a batch for a model without a reference is refused whole", arguments: Backend.all)
    func unknownModel(backend: Backend) throws {
        let open = try Sample.store(backend)
        let other = ModelName("no-such-model")!
        #expect(throws: StoreError.self) {
            try open.store.insertEvents(model: other, events: Sample.events(2), receivedAt: Sample.t0)
        }
        #expect(try open.store.model(named: other) == nil)
    }

    @Test("a label joins its event whether it arrives before or after it", arguments: Backend.all)
    func labelsInEitherOrder(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let early = try store.insertLabels(
            model: Sample.model, labels: [LabelRecord(id: "e1", label: .number(1))], receivedAt: Sample.t0)
        #expect(early == LabelInsertResult(matched: 0, unmatched: 1))
        try store.insertEvents(model: Sample.model, events: Sample.events(3), receivedAt: Sample.t0)
        let late = try store.insertLabels(
            model: Sample.model, labels: [LabelRecord(id: "e2", label: .number(0)), LabelRecord(id: "x", label: .number(0))],
            receivedAt: Sample.t0)
        #expect(late == LabelInsertResult(matched: 1, unmatched: 1))
        let record = try #require(try store.model(named: Sample.model))
        #expect(record.matchedLabelCount == 2 && record.unmatchedLabelCount == 1)
        let window = try store.windowData(model: Sample.model, from: Sample.t0, to: Sample.t0 + Sample.hour)
        #expect(window.labels == [nil, .number(1), .number(0)])
        // A repeated id replaces the label.
        try store.insertLabels(model: Sample.model, labels: [LabelRecord(id: "e1", label: .number(0))], receivedAt: Sample.t0)
        let replaced = try store.windowData(model: Sample.model, from: Sample.t0, to: Sample.t0 + Sample.hour)
        #expect(replaced.labels == [nil, .number(0), .number(0)])
    }

    @Test("a label joins every model version of its id, before and after they arrive", arguments: Backend.all)
    func labelFanOut(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        try store.insertEvents(
            model: Sample.model, events: [Sample.event("r1", at: Sample.t0 + 10, index: 1, version: "v1")],
            receivedAt: Sample.t0)
        let labels = try store.insertLabels(
            model: Sample.model, labels: [LabelRecord(id: "r1", label: .number(1))], receivedAt: Sample.t0)
        #expect(labels.matched == 1)
        try store.insertEvents(
            model: Sample.model, events: [Sample.event("r1", at: Sample.t0 + 20, index: 2, version: "v2")],
            receivedAt: Sample.t0)
        let outcomes = try #require(
            try store.versionOutcomes(model: Sample.model, a: "v1", b: "v2", from: Sample.t0, to: Sample.t0 + Sample.hour))
        #expect(outcomes.a.map(\.label) == [.number(1)])
        #expect(outcomes.b.map(\.label) == [.number(1)])
        #expect(outcomes.eventsPerVersion == ["v1": 1, "v2": 1])
        #expect(try store.model(named: Sample.model)?.matchedLabelCount == 2)
    }

    @Test("too many waiting labels refuse the batch; old waiting labels expire", arguments: Backend.all)
    func pendingLabels(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let labels = (0..<3).map { LabelRecord(id: "w\($0)", label: .number(1)) }
        #expect(throws: StoreError.self) {
            try store.insertLabels(model: Sample.model, labels: labels, receivedAt: Sample.t0, maxPendingLabels: 2)
        }
        #expect(try store.model(named: Sample.model)?.unmatchedLabelCount == 0)
        try store.insertLabels(model: Sample.model, labels: Array(labels.prefix(2)), receivedAt: Sample.t0)
        try store.insertLabels(model: Sample.model, labels: [labels[2]], receivedAt: Sample.t0 + 100)
        #expect(try store.expirePendingLabels(receivedBefore: Sample.t0 + 50) == 2)
        #expect(try store.model(named: Sample.model)?.unmatchedLabelCount == 1)
    }
}
