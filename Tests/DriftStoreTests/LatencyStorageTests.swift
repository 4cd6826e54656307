import DriftCore
import DriftTestSupport
import Foundation
import GRDB
import Testing

@testable import DriftStore

/// `latency_ms` is stored with its event (migration v6), and a store made before v6 migrates.
@Suite("Serving latency in the store")
struct LatencyStorageTests {
    private func latencies(_ path: String) throws -> [String: Double?] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var result: [String: Double?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT event_id, latency_ms FROM event") {
                result[row[0]] = row[1] as Double?
            }
            return result
        }
    }

    @Test("an event's latency is stored with it; an event without one stores NULL")
    func stored() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        var events = Fixture.events(3)
        events[0].latencyMilliseconds = 12.25
        events[2].latencyMilliseconds = 0
        try store.insertEvents(model: Fixture.model, events: events, receivedAt: Fixture.t0)
        try store.close()
        #expect(try latencies(directory.path()) == ["e0": 12.25, "e1": nil, "e2": 0])
    }

    @Test("a store created before v6 gains the column; its events keep NULL, new ones store theirs")
    func migrates() throws {
        let directory = try TemporaryDirectory()
        do {
            let queue = try DatabaseQueue(path: directory.path())
            try StoreMigrations.migrator.migrate(queue, upTo: "v5: reference content hash")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO model (id, name, created_at, latest_version) VALUES (1, 'old', 0, 0)")
                try db.execute(
                    sql:
                        "INSERT INTO event (model_id, event_id, ts, received_at, features) VALUES (1, 'before', 0, 0, x'')"
                )
            }
            try queue.close()
        }
        let store = try SQLiteStore(path: directory.path(), durability: .normal)
        try store.close()
        let queue = try DatabaseQueue(path: directory.path())
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        try queue.close()
        #expect(applied.contains("v7: event serving latency"))
        #expect(applied.contains("v8: slice window results, segment references, alert slices"))
        #expect(try latencies(directory.path()) == ["before": nil])
    }
}
