import DriftTestSupport
import DriftCore
import DriftStore
import Testing

@Suite("Persistence and health")
struct PersistenceTests {
    @Test(
        "events, labels, pending labels, references and counters survive closing and reopening",
        arguments: [
            Durability.normal, .full,
        ])
    func survivesReopen(durability: Durability) throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try Fixture.store(at: directory.path(), durability: durability)
            try store.insertEvents(
                model: Fixture.model, events: Fixture.events(5), receivedAt: 0, unexpectedFeatures: ["extra": 5])
            try store.insertLabels(
                model: Fixture.model,
                labels: [LabelRecord(id: "e2", label: .string("yes")), LabelRecord(id: "e9", label: .string("no"))],
                receivedAt: 0)
            try store.close()
        }
        let store = try SQLiteStore(path: directory.path(), durability: durability)
        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.eventCount == 5)
        #expect(record.matchedLabelCount == 1)
        #expect(record.unmatchedLabelCount == 1)
        #expect(record.unexpectedFeatures == ["extra": 5])
        #expect(record.schema == Fixture.schema)
        #expect(try store.latestReference(model: Fixture.model)?.profile == Fixture.profile())
        let window = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour)
        #expect(window.count == 5)
        #expect(window.labels[2] == .string("yes"))
        #expect(window.column(named: "age") == .numeric([30, 30, 30, 30, 30]))
        // The pending label survived too and joins its event now.
        try store.insertEvents(model: Fixture.model, events: [Fixture.event("e9", at: Fixture.t0)], receivedAt: 0)
        #expect(try store.model(named: Fixture.model)?.matchedLabelCount == 2)
        // And ids stored before reopening are still known.
        #expect(try store.insertEvents(model: Fixture.model, events: Fixture.events(5), receivedAt: 0).duplicates == 5)
    }

    @Test("the store reports itself writable and its size, and not writable once closed")
    func health() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        #expect(store.isWritable())
        try store.insertEvents(model: Fixture.model, events: Fixture.events(100), receivedAt: 0)
        #expect(store.fileSizeBytes() > 4_096)
        // The probe left nothing behind.
        #expect(try store.model(named: Fixture.model)?.eventCount == 100)
        try store.close()
        #expect(!store.isWritable())
    }
}
