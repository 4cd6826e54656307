import DriftTestSupport
import DriftCore
import DriftStore
import GRDB
import Testing

@Suite("Model counters")
struct CounterInvariantTests {
    @Test("the counters kept in the model row equal counts of the stored rows after mixed traffic")
    func countersMatchRows() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        for round in 0..<5 {
            let base = Fixture.t0 + Int64(round) * 10_000
            // Overlapping ids: half of each round repeats the previous round's ids.
            let events = (0..<20).map {
                Fixture.event("e\(round * 10 + $0)", at: base + Int64($0) * 500, label: $0 % 7 == 0 ? .number(1) : nil)
            }
            try store.insertEvents(model: Fixture.model, events: events, receivedAt: base)
            let labels = (0..<15).map { LabelRecord(id: "e\(round * 12 + $0 * 2)", label: .number(Double($0 % 2))) }
            try store.insertLabels(model: Fixture.model, labels: labels, receivedAt: base)
            if round == 3 { try store.deleteEvents(olderThan: Fixture.t0 + 15_000, chunkSize: 4) }
        }
        let record = try #require(try store.model(named: Fixture.model))
        let queue = try DatabaseQueue(path: directory.path())
        let (events, labelled, pending) = try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE label IS NOT NULL") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pending_label") ?? -1
            )
        }
        #expect(record.eventCount == events)
        #expect(record.matchedLabelCount == labelled)
        #expect(record.unmatchedLabelCount == pending)
        #expect(events > 0 && labelled > 0 && pending > 0)
        #expect(try store.windowData(model: Fixture.model, from: 0, to: .max).labelledCount == labelled)
    }
}
