import DriftCore
import DriftPostgres
import DriftTestSupport
import Testing

/// PostgreSQL's label change log (`label_change`, docs/storage.md) under retention: the port does not expose
/// the log, so the case reads the table itself.
@Suite("PostgreSQL retention prunes the label change log", .enabled(if: ScratchDatabase.serverURL != nil))
struct PostgresLabelLogRetentionTests {
    @Test("retention deletes the logged changes of ids left without events and keeps the others")
    func retentionPrunesTheLog() throws {
        let server = try #require(ScratchDatabase.serverURL)
        let database = try ScratchDatabase(server: server)
        let store = try PostgresStore(url: database.url, connections: 2)
        defer { try? store.close() }
        try store.saveReference(model: Sample.model, schema: Sample.schema, profile: Sample.profile(), rowCount: 6, at: Sample.t0)
        let events = Sample.events(10)
        try store.insertEvents(model: Sample.model, events: events, receivedAt: Sample.t0)
        // Two labels joined stored events (e1 before the cutoff, e8 after it); each change is logged.
        try store.insertLabels(
            model: Sample.model, labels: [LabelRecord(id: "e1", label: .number(1)), LabelRecord(id: "e8", label: .number(0))],
            receivedAt: Sample.t0)
        let logged = { try database.column("SELECT event_id FROM label_change ORDER BY seq") }
        #expect(try logged() == ["e1", "e8"])

        let cutoff = events[7].timestampMilliseconds
        #expect(try store.deleteEvents(olderThan: cutoff, chunkSize: 3) == 7)
        #expect(try logged() == ["e8"], "the pruned id's change went with its events; the kept one's stays")
        #expect(try store.windowData(model: Sample.model, from: 0, to: .max).labels == [nil, .number(0), nil])
    }
}
