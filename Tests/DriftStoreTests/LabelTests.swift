import DriftTestSupport
import DriftCore
import DriftStore
import GRDB
import Testing

@Suite("Joining labels to events")
struct LabelTests {
    @Test("a label for a stored event is matched and read with the event")
    func labelAfterEvent() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(model: Fixture.model, events: Fixture.events(2), receivedAt: 0)
        let result = try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "e0", label: .number(1))], receivedAt: 0)
        #expect(result == LabelInsertResult(matched: 1, unmatched: 0))
        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.matchedLabelCount == 1)
        #expect(record.unmatchedLabelCount == 0)
        #expect(record.labelCount == 1)
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour)
        #expect(window.labels == [.number(1), nil])
        #expect(window.labelledCount == 1)
    }

    @Test("a label that arrives before its event is kept, then joins the event")
    func labelBeforeEvent() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let early = try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "e1", label: .string("fraud"))], receivedAt: 0)
        #expect(early == LabelInsertResult(matched: 0, unmatched: 1))
        var record = try #require(try store.model(named: Fixture.model))
        #expect(record.unmatchedLabelCount == 1)
        #expect(record.matchedLabelCount == 0)

        try store.insertEvents(model: Fixture.model, events: Fixture.events(2), receivedAt: 0)
        record = try #require(try store.model(named: Fixture.model))
        #expect(record.unmatchedLabelCount == 0)
        #expect(record.matchedLabelCount == 1)
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour)
        #expect(window.labels == [nil, .string("fraud")])
        let pendingRows = try DatabaseQueue(path: directory.path()).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM pending_label")
        }
        #expect(pendingRows == 0)

        // From now on a label for that id is matched.
        let later = try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "e1", label: .string("legit"))], receivedAt: 0)
        #expect(later == LabelInsertResult(matched: 1, unmatched: 0))
    }

    @Test("a second label for the same id replaces the first, for stored and pending labels alike")
    func replacement() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(model: Fixture.model, events: Fixture.events(1), receivedAt: 0)
        try store.insertLabels(model: Fixture.model, labels: [LabelRecord(id: "e0", label: .number(0))], receivedAt: 0)
        try store.insertLabels(model: Fixture.model, labels: [LabelRecord(id: "e0", label: .number(1))], receivedAt: 0)
        // Pending: two labels for an id not yet seen, the second in the same batch as a third.
        try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "late", label: .bool(false))], receivedAt: 0)
        let batch = try store.insertLabels(
            model: Fixture.model,
            labels: [LabelRecord(id: "late", label: .bool(true)), LabelRecord(id: "late", label: .string("yes"))],
            receivedAt: 0)
        #expect(batch == LabelInsertResult(matched: 0, unmatched: 2))
        var record = try #require(try store.model(named: Fixture.model))
        #expect(record.matchedLabelCount == 1)
        #expect(record.unmatchedLabelCount == 1)

        try store.insertEvents(model: Fixture.model, events: [Fixture.event("late", at: Fixture.t0 + 1)], receivedAt: 0)
        record = try #require(try store.model(named: Fixture.model))
        #expect(record.matchedLabelCount == 2)
        #expect(record.unmatchedLabelCount == 0)
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + 2)
        #expect(window.labels == [.number(1), .string("yes")])
    }

    @Test("an inline label is stored with its event and wins over a label that arrived before")
    func inlineLabel() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertLabels(model: Fixture.model, labels: [LabelRecord(id: "b", label: .number(0))], receivedAt: 0)
        try store.insertEvents(
            model: Fixture.model,
            events: [
                Fixture.event("a", at: Fixture.t0, label: .bool(true)),
                Fixture.event("b", at: Fixture.t0 + 1, label: .number(1)),
                Fixture.event("c", at: Fixture.t0 + 2, label: .null),
            ],
            receivedAt: 0)
        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.matchedLabelCount == 2)
        #expect(record.unmatchedLabelCount == 0)
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + 3)
        #expect(window.labels == [.bool(true), .number(1), nil])
    }

    @Test("null labels and unknown models are refused")
    func refused() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        do {
            try store.insertLabels(model: Fixture.model, labels: [LabelRecord(id: "a", label: .null)], receivedAt: 0)
            Issue.record("a null label was accepted")
        } catch {
            #expect(error.code == .invalidValue)
        }
        do {
            try store.insertLabels(
                model: Fixture.otherModel, labels: [LabelRecord(id: "a", label: .number(1))], receivedAt: 0)
            Issue.record("a label for an unknown model was accepted")
        } catch {
            #expect(error.code == .unknownModel)
        }
        #expect(try store.model(named: Fixture.model)?.labelCount == 0)
    }
}
