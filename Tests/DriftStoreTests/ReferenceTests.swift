import DriftTestSupport
import DriftCore
import DriftStats
import DriftStore
import Testing

@Suite("Reference versions")
struct ReferenceTests {
    @Test("each save starts a new version; earlier versions stay readable")
    func versions() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path(), durability: .normal)
        #expect(try store.latestReference(model: Fixture.model) == nil)
        let v1 = try store.saveReference(
            model: Fixture.model, schema: Fixture.schema, profile: Fixture.profile(seed: 1), rowCount: 6, at: 100)
        let v2 = try store.saveReference(
            model: Fixture.model, schema: Fixture.schema, profile: Fixture.profile(seed: 2), rowCount: 7, at: 200)
        let other = try store.saveReference(
            model: Fixture.otherModel, schema: Fixture.schema, profile: Fixture.profile(), rowCount: 6, at: 300)
        #expect([v1, v2, other] == [1, 2, 1])

        let latest = try #require(try store.latestReference(model: Fixture.model))
        #expect(
            latest
                == StoredReference(
                    version: 2, schema: Fixture.schema, profile: Fixture.profile(seed: 2), rowCount: 7, createdAt: 200))
        let first = try #require(try store.reference(model: Fixture.model, version: 1))
        #expect(first.profile == Fixture.profile(seed: 1))
        #expect(first.createdAt == 100)
        #expect(try store.reference(model: Fixture.model, version: 3) == nil)
        #expect(try store.referenceVersions(model: Fixture.model) == [1, 2])

        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.referenceVersion == 2)
        #expect(record.referenceRowCount == 7)
        #expect(record.createdAt == 100)
        #expect(try store.models().map(\.name) == [Fixture.otherModel, Fixture.model])
    }

    @Test("a profile round-trips exactly: sorted values, missing counts, bins, categories and counts")
    func profileRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path(), durability: .normal)
        let values = (0..<10_000).map { Double($0 % 977) * 0.37 - 40 } + [.nan, .infinity, -.infinity]
        let profile = ReferenceProfile(
            features: [
                ("z", .numeric(NumericReference(values: values, bins: 20))),
                ("a", .categorical(CategoricalReference(column: CategoricalColumn(values: ["x", nil, "ÿ", "x", ""])))),
                ("empty", .numeric(NumericReference(values: [.nan]))),
            ], rowCount: 10_003)
        try store.saveReference(model: Fixture.model, schema: Fixture.schema, profile: profile, rowCount: 10_003, at: 0)
        let stored = try #require(try store.latestReference(model: Fixture.model)).profile
        #expect(stored == profile)
        #expect(stored.featureOrder == ["z", "a", "empty"])
        guard case .numeric(let z) = stored.features["z"] else {
            Issue.record("z is not numeric")
            return
        }
        #expect(z.missing == 3)
        #expect(z.edges == NumericReference(values: values, bins: 20).edges)
    }
}
