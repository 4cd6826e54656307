import DriftTestSupport
import DriftCore
import Foundation
import GRDB
import Testing

@testable import DriftStore

@Suite("Opening and migrating the store file")
struct MigrationTests {
    @Test("a fresh file is created with every migration applied and no models")
    func freshFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path()
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try SQLiteStore(path: path, durability: .normal)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.models().isEmpty)
        try store.close()

        let queue = try DatabaseQueue(path: path)
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.first == "v1: models, references, events, labels")
        #expect(applied.count == Set(applied).count && applied.allSatisfy { $0.hasPrefix("v") })
        let journal = try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test("reopening an existing file keeps its data and runs no migration twice")
    func reopen() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try Fixture.store(at: directory.path())
            try store.insertEvents(model: Fixture.model, events: Fixture.events(3), receivedAt: Fixture.t0)
            try store.close()
        }
        let reopened = try SQLiteStore(path: directory.path(), durability: .normal)
        #expect(try reopened.model(named: Fixture.model)?.eventCount == 3)
        let version = try reopened.saveReference(
            model: Fixture.model, schema: Fixture.schema, profile: Fixture.profile(), rowCount: 6, at: Fixture.t0 + 1)
        #expect(version == 2)
    }

    @Test("a file migrated by a newer build is refused with a clear error")
    func newerFile() throws {
        let directory = try TemporaryDirectory()
        try SQLiteStore(path: directory.path(), durability: .normal).close()
        let queue = try DatabaseQueue(path: directory.path())
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99: from the future')") }
        try queue.close()
        #expect(throws: StoreError.self) {
            try SQLiteStore(path: directory.path(), durability: .normal)
        }
        do {
            _ = try SQLiteStore(path: directory.path(), durability: .normal)
        } catch {
            #expect(error.code == .unknownSchemaVersion)
        }
    }

    @Test("a path in a missing directory fails with cannotOpen")
    func missingDirectory() throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try SQLiteStore(path: directory.path("missing/store.sqlite"), durability: .normal)
            Issue.record("opening a file in a missing directory succeeded")
        } catch {
            #expect(error.code == .cannotOpen)
        }
    }

    @Test(
        "durability levels set SQLite's synchronous pragma on the writer",
        arguments: [
            (Durability.normal, 1), (Durability.full, 2),
        ])
    func durability(level: Durability, expected: Int) throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path(), durability: level)
        #expect(try store.synchronousLevel() == expected)
    }
}
