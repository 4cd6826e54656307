import DriftTestSupport
import DriftCore
import DriftStats
import DriftStore
import Testing

@Suite("The store as the server's ModelStore port")
struct ModelStoreTests {
    @Test("the async port stores and reports through the same tables")
    func port() async throws {
        let directory = try TemporaryDirectory()
        let sqlite = try SQLiteStore(path: directory.path(), durability: .normal)
        let store: any ModelStore = sqlite
        let prepared = try ReferenceBuilder.prepare(columns: [
            ("age", .numeric([30, 40, 50, 60])),
            ("country", .categorical(CategoricalColumn(values: ["fr", "de", "fr", nil]))),
            ("label", .numeric([0, 1, 0, 1])), ("prediction", .numeric([0, 1, 1, 1])),
        ])
        #expect(try await store.currentSchema(model: Fixture.model) == nil)
        let saved = try await store.saveReference(model: Fixture.model, prepared: prepared, contentSHA256: "a1", at: Fixture.t0)
        #expect(saved.version == 1 && saved.created)
        let again = try await store.saveReference(model: Fixture.model, prepared: prepared, contentSHA256: "a1", at: Fixture.t0)
        #expect(again.version == 1 && !again.created, "the same content makes no new version")
        let current = try #require(try await store.currentSchema(model: Fixture.model))
        #expect(current.version == 1)
        #expect(current.schema == prepared.schema)
        #expect(try sqlite.latestReference(model: Fixture.model)?.profile == prepared.profile)

        let events = [
            Event(id: "a", timestampMilliseconds: Fixture.t0, features: [.init(name: "age", value: .number(33))]),
            Event(id: "a", timestampMilliseconds: Fixture.t0, features: []),
        ]
        let inserted = try await store.insertEvents(
            model: Fixture.model, events: events, receivedAt: Fixture.t0, unexpectedFeatures: ["zip": 1])
        #expect(inserted.accepted == 1 && inserted.duplicates == 1)
        let labelled = try await store.insertLabels(
            model: Fixture.model,
            labels: [LabelRecord(id: "a", label: .number(1)), LabelRecord(id: "b", label: .number(0))],
            receivedAt: Fixture.t0, maxPendingLabels: 10)
        #expect(labelled.matched == 1 && labelled.unmatched == 1)

        let summary = try #require(try await store.modelSummary(Fixture.model))
        #expect(summary.name == Fixture.model.rawValue)
        #expect(summary.task == .binary)
        #expect(summary.positiveLabel == "1")
        #expect(summary.schema == ["age": .numeric, "country": .categorical])
        #expect(summary.reference == ModelSummary.Reference(version: 1, rows: 4, createdAt: "2026-01-01T00:00:00Z", sha256: "a1"))
        #expect(summary.counts == ModelSummary.Counts(events: 1, labels: 2, labelsMatched: 1, labelsUnmatched: 1))
        #expect(summary.unexpectedFeatures == ["zip": 1])
        #expect(try await store.modelSummaries() == [summary])
        #expect(try await store.modelSummary(Fixture.otherModel) == nil)

        #expect(await store.isWritable())
        #expect(store.sizeBytes() > 0)
        #expect(try await store.deleteEvents(olderThan: Fixture.t0 + 1) == 1)
        #expect(try await store.modelSummary(Fixture.model)?.counts.events == 0)
    }
}
