import DriftCore
import DriftTestSupport
import Foundation
import GRDB
import Testing

@testable import DriftStore

/// A store written by the schema before event identity included the model version (migrations v1–v5)
/// opens with its data intact and takes on the new identity and the label fan-out.
@Suite("Migrating to (model, id, model_version) identity")
struct VersionMigrationTests {
    /// A file at `path` with migrations up to v5 only, one model with a reference, three events (one of
    /// them labelled, one without a version) and one label waiting for its event: as a build before v6
    /// left it.
    static func makeVersion5Store(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v5: reference content hash")
        let profile = try ProfileCodec.encode(Fixture.profile())
        let schemaJSON = String(decoding: try JSONEncoder().encode(Fixture.schema), as: UTF8.self)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO model (id, name, created_at, latest_version, event_count, labelled_count,
                                       pending_label_count)
                    VALUES (1, ?, ?, 1, 3, 1, 1);
                    INSERT INTO reference (model_id, version, schema_json, profile, row_count, created_at)
                    VALUES (1, 1, ?, ?, 6, ?);
                    INSERT INTO event (model_id, event_id, ts, received_at, features, prediction, score, label,
                                       model_version)
                    VALUES (1, 'old-1', ?, ?, X'01', 1.0, 0.9, 1.0, 'v1'),
                           (1, 'old-2', ?, ?, X'01', 0.0, 0.2, NULL, 'v1'),
                           (1, 'old-3', ?, ?, X'01', 0.0, 0.1, NULL, NULL);
                    INSERT INTO pending_label (model_id, event_id, label, received_at) VALUES (1, 'late', 0.0, ?);
                    """,
                arguments: [
                    Fixture.model.rawValue, Fixture.t0, schemaJSON, Data(profile), Fixture.t0,
                    Fixture.t0 + 1_000, Fixture.t0, Fixture.t0 + 2_000, Fixture.t0, Fixture.t0 + 3_000, Fixture.t0,
                    Fixture.t0,
                ])
        }
        try queue.close()
    }

    @Test("a v5 file keeps every event, label and counter, and gets the new identity")
    func migrate() throws {
        let directory = try TemporaryDirectory()
        try Self.makeVersion5Store(at: directory.path())
        let store = try SQLiteStore(path: directory.path(), durability: .normal)
        let before = try #require(try store.model(named: Fixture.model))
        #expect(before.eventCount == 3 && before.matchedLabelCount == 1 && before.unmatchedLabelCount == 1)

        let range = (from: Fixture.t0, to: Fixture.t0 + Fixture.hour)
        let old = try #require(
            try store.versionOutcomes(model: Fixture.model, a: "v1", b: "v2", from: range.from, to: range.to))
        #expect(old.a.map(\.id) == ["old-1", "old-2"])
        #expect(old.a.map(\.label) == [.number(1), nil])
        #expect(old.eventsPerVersion == ["v1": 2])

        // Old ids under their old version (or none) are duplicates; under a new version they are new events
        // that take the label already joined to their id, and a pending label still joins its event.
        var retried = Fixture.event("old-1", at: Fixture.t0 + 1_000)
        retried.modelVersion = "v1"
        let unversioned = Fixture.event("old-3", at: Fixture.t0 + 3_000)
        var shadow = Fixture.event("old-1", at: Fixture.t0 + 1_000, prediction: .number(0))
        shadow.modelVersion = "v2"
        shadow.shadow = true
        var late = Fixture.event("late", at: Fixture.t0 + 4_000)
        late.modelVersion = "v2"
        let result = try store.insertEvents(
            model: Fixture.model, events: [retried, unversioned, shadow, late], receivedAt: Fixture.t0 + 10)
        #expect(result.accepted == 2 && result.duplicates == 2)
        let now = try #require(
            try store.versionOutcomes(model: Fixture.model, a: "v1", b: "v2", from: range.from, to: range.to))
        #expect(now.b.map(\.id) == ["old-1", "late"])
        #expect(now.b.map(\.label) == [.number(1), .number(0)])
        let after = try #require(try store.model(named: Fixture.model))
        #expect(after.eventCount == 5 && after.matchedLabelCount == 3 && after.unmatchedLabelCount == 0)

        try store.close()
        let queue = try DatabaseQueue(path: directory.path())
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v6: event identity (model, id, version), shadow and tags"))
        #expect(applied.contains("v8: slice window results, segment references, alert slices"), "later migrations run after it")
        let indexes = try queue.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event'")
        }
        #expect(indexes.contains("event_by_id_version") && !indexes.contains("event_by_id"))
    }
}
