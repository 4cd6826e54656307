import DriftTestSupport
import DriftCore
import DriftStore
import GRDB
import Testing

@Suite("Inserting events")
struct EventInsertTests {
    @Test("an id repeated in a batch or across batches is stored once and counted as a duplicate")
    func duplicates() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let first = try store.insertEvents(
            model: Fixture.model,
            events: [
                Fixture.event("a", at: Fixture.t0), Fixture.event("b", at: Fixture.t0),
                Fixture.event("a", at: Fixture.t0 + 5),
            ],
            receivedAt: Fixture.t0)
        #expect(first == EventInsertResult(accepted: 2, duplicates: 1))
        let retry = try store.insertEvents(
            model: Fixture.model, events: [Fixture.event("b", at: Fixture.t0), Fixture.event("c", at: Fixture.t0)],
            receivedAt: Fixture.t0)
        #expect(retry == EventInsertResult(accepted: 1, duplicates: 1))
        #expect(try store.model(named: Fixture.model)?.eventCount == 3)
        // The first "a" is kept: the duplicate at t0 + 5 was not stored.
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + 10)
        #expect(window.timestamps == [Fixture.t0, Fixture.t0, Fixture.t0])
    }

    @Test("the same id may be used by two models")
    func idsArePerModel() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.saveReference(
            model: Fixture.otherModel, schema: Fixture.schema, profile: Fixture.profile(), rowCount: 6, at: Fixture.t0)
        #expect(try store.insertEvents(model: Fixture.model, events: Fixture.events(2), receivedAt: 0).accepted == 2)
        #expect(
            try store.insertEvents(model: Fixture.otherModel, events: Fixture.events(2), receivedAt: 0).accepted == 2)
    }

    @Test("a batch that fails in the middle leaves nothing behind")
    func atomicity() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        // A trigger on another connection makes SQLite itself fail on the third event of the batch,
        // after two rows (and their feature slots and counters) have been written in the transaction.
        let queue = try DatabaseQueue(path: directory.path())
        try queue.write {
            try $0.execute(
                sql: """
                    CREATE TRIGGER fail_on_boom BEFORE INSERT ON event WHEN NEW.event_id = 'boom'
                    BEGIN SELECT RAISE(ABORT, 'forced failure'); END
                    """)
        }
        let batch = [
            Fixture.event("x1", at: Fixture.t0, extra: [.init(name: "new_feature", value: .number(1))]),
            Fixture.event("x2", at: Fixture.t0 + 1), Fixture.event("boom", at: Fixture.t0 + 2),
            Fixture.event("x4", at: Fixture.t0 + 3),
        ]
        do {
            try store.insertEvents(
                model: Fixture.model, events: batch, receivedAt: 0, unexpectedFeatures: ["new_feature": 1])
            Issue.record("the batch was stored despite the failing trigger")
        } catch {
            #expect(error.code == .database)
            #expect(error.message.contains("forced failure"))
        }
        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.eventCount == 0)
        #expect(record.unexpectedFeatures.isEmpty)
        #expect(try store.windowData(model: Fixture.model, from: 0, to: .max).count == 0)
        #expect(try store.eventTimeRange(model: Fixture.model) == nil)
        #expect(
            try store.touchedWindows(model: Fixture.model, windowMilliseconds: Fixture.hour, afterSequence: 0)
                .windowStarts.isEmpty)

        // The ids of the failed batch were not taken: the same events are accepted once the cause is gone.
        try queue.write { try $0.execute(sql: "DROP TRIGGER fail_on_boom") }
        let retry = try store.insertEvents(model: Fixture.model, events: batch, receivedAt: 0)
        #expect(retry == EventInsertResult(accepted: 4, duplicates: 0))
    }

    @Test("an empty id is refused and nothing of its batch is stored")
    func emptyID() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        do {
            try store.insertEvents(
                model: Fixture.model, events: [Fixture.event("ok", at: Fixture.t0), Fixture.event("", at: Fixture.t0)],
                receivedAt: 0)
            Issue.record("an empty id was accepted")
        } catch {
            #expect(error.code == .invalidValue)
        }
        #expect(try store.model(named: Fixture.model)?.eventCount == 0)
    }

    @Test("events for a model without a reference are refused with unknownModel")
    func unknownModel() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        do {
            try store.insertEvents(model: Fixture.otherModel, events: Fixture.events(1), receivedAt: 0)
            Issue.record("events for an unknown model were accepted")
        } catch {
            #expect(error.code == .unknownModel)
        }
    }

    @Test("unexpected feature counts add up across batches")
    func unexpectedFeatureTally() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(
            model: Fixture.model, events: Fixture.events(2, prefix: "a"), receivedAt: 0,
            unexpectedFeatures: ["extra": 2, "other": 1])
        try store.insertEvents(
            model: Fixture.model, events: Fixture.events(2, prefix: "b"), receivedAt: 0,
            unexpectedFeatures: ["extra": 2])
        #expect(try store.model(named: Fixture.model)?.unexpectedFeatures == ["extra": 4, "other": 1])
    }

    @Test("values of an unexpected feature are kept and read once a new reference adds the feature")
    func unexpectedValuesKept() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(
            model: Fixture.model,
            events: [
                Fixture.event("a", at: Fixture.t0, extra: [.init(name: "tenure", value: .number(7))]),
                Fixture.event("b", at: Fixture.t0 + 1),
            ],
            receivedAt: 0, unexpectedFeatures: ["tenure": 1])
        var schema = Fixture.schema
        schema.features.append(.init(name: "tenure", type: .numeric))
        let version = try store.saveReference(
            model: Fixture.model, schema: schema, profile: Fixture.profile(), rowCount: 6, at: Fixture.t0)
        #expect(version == 2)
        let latest = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + 10)
        #expect(latest.column(named: "tenure")?.numbers?.first == 7)
        #expect(latest.column(named: "tenure")?.numbers?.last?.isNaN == true)
        let first = try store.windowData(
            model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + 10, referenceVersion: 1)
        #expect(first.column(named: "tenure") == nil)
        #expect(first.columns.count == 4)
    }

    @Test("past the dictionary bound, values of new unexpected features are not stored; schema features always are")
    func featureDictionaryBound() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        // The schema's four features hold slots 0-3, so u0 … u4091 fill the dictionary and u4092 … do not fit.
        let extra = (0..<4_100).map { Event.Feature(name: "u\($0)", value: .number(Double($0))) }
        try store.insertEvents(
            model: Fixture.model, events: [Fixture.event("wide", at: Fixture.t0, extra: extra)], receivedAt: 0)
        var schema = Fixture.schema
        schema.features += [.init(name: "u0", type: .numeric), .init(name: "u4099", type: .numeric)]
        try store.saveReference(model: Fixture.model, schema: schema, profile: Fixture.profile(), rowCount: 6, at: 0)
        try store.insertEvents(
            model: Fixture.model, events: [Fixture.event("later", at: Fixture.t0 + 1, extra: extra)], receivedAt: 0)
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + 2)
        #expect(window.column(named: "u0") == .numeric([0, 0]))
        // Dropped from the first event; stored in the second, once the new reference gave it a slot.
        let late = try #require(window.column(named: "u4099")?.numbers)
        #expect(late[0].isNaN && late[1] == 4_099)
    }
}
