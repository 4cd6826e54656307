import DriftTestSupport
import DriftCore
import DriftStore
import GRDB
import Testing

@Suite("Retention")
struct RetentionTests {
    @Test("deleting by event time removes only older events, with their labels, in chunks")
    func deletesOnlyOldEvents() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.saveReference(
            model: Fixture.otherModel, schema: Fixture.schema, profile: Fixture.profile(), rowCount: 6, at: 0)
        let cutoff = Fixture.t0 + 7_000
        // Ten events one second apart: seven before the cutoff, the eighth exactly at it.
        try store.insertEvents(model: Fixture.model, events: Fixture.events(10), receivedAt: Fixture.t0 + 20_000)
        try store.insertEvents(
            model: Fixture.otherModel, events: Fixture.events(4, start: Fixture.t0 + 5_000),
            receivedAt: Fixture.t0 + 20_000)
        try store.insertLabels(
            model: Fixture.model,
            labels: [LabelRecord(id: "e1", label: .number(1)), LabelRecord(id: "e8", label: .number(0))],
            receivedAt: Fixture.t0 + 20_000)
        // A label still waiting for its event: kept, it arrived after the cutoff.
        try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "future", label: .number(1))],
            receivedAt: Fixture.t0 + 20_000)

        // Both labels joined stored events: each change is logged for incremental evaluation passes.
        let log = try DatabaseQueue(path: directory.path())
        let loggedEvents: () throws -> [Int64] = {
            try log.read { try Int64.fetchAll($0, sql: "SELECT event_seq FROM label_change ORDER BY seq") }
        }
        let e8 = try #require(try log.read { try Int64.fetchOne($0, sql: "SELECT seq FROM event WHERE event_id = 'e8'") })
        #expect(try loggedEvents().count == 2)

        let deleted = try store.deleteEvents(olderThan: cutoff, chunkSize: 3)
        #expect(deleted == 7 + 2)
        // The deleted event's label change went with it; the kept one's stays.
        #expect(try loggedEvents() == [e8])
        let remaining = try store.windowData(model: Fixture.model, from: 0, to: .max)
        #expect(remaining.timestamps == (7..<10).map { Fixture.t0 + Int64($0) * 1_000 })
        #expect(remaining.labels == [nil, .number(0), nil])
        let other = try store.windowData(model: Fixture.otherModel, from: 0, to: .max)
        #expect(other.timestamps == [Fixture.t0 + 7_000, Fixture.t0 + 8_000])

        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.eventCount == 3)
        #expect(record.matchedLabelCount == 1)
        #expect(record.unmatchedLabelCount == 1)
        #expect(try store.model(named: Fixture.otherModel)?.eventCount == 2)
        #expect(try store.eventTimeRange(model: Fixture.model) == cutoff...(Fixture.t0 + 9_000))
        #expect(try store.deleteEvents(olderThan: cutoff) == 0)
    }

    @Test("labels that waited for their event since before the cutoff are deleted too")
    func deletesStalePendingLabels() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "old", label: .number(1))], receivedAt: 100)
        try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "new", label: .number(1))], receivedAt: 300)
        try store.deleteEvents(olderThan: 200)
        #expect(try store.model(named: Fixture.model)?.unmatchedLabelCount == 1)
        try store.insertEvents(
            model: Fixture.model, events: [Fixture.event("old", at: 500), Fixture.event("new", at: 501)],
            receivedAt: 600)
        #expect(try store.windowData(model: Fixture.model, from: 0, to: 1_000).labels == [nil, .number(1)])
    }
}
