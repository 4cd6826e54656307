import DriftTestSupport
import DriftCore
import DriftStats
import DriftStore
import Testing

@Suite("Reading windows")
struct WindowReadTests {
    @Test("a window holds exactly the events in [from, to); the boundary event belongs to the later window")
    func halfOpen() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let h = Fixture.hour
        let times = [
            Fixture.t0 - 1, Fixture.t0, Fixture.t0 + h - 1, Fixture.t0 + h, Fixture.t0 + 2 * h - 1, Fixture.t0 + 2 * h,
        ]
        // Inserted out of order: the read orders by event time.
        let events = times.enumerated().reversed().map { Fixture.event("t\($0.offset)", at: $0.element) }
        try store.insertEvents(model: Fixture.model, events: events, receivedAt: 0)

        let first = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + h)
        #expect(first.timestamps == [Fixture.t0, Fixture.t0 + h - 1])
        #expect(first.start == Fixture.t0)
        #expect(first.end == Fixture.t0 + h)
        let second = try store.windowData(model: Fixture.model, from: Fixture.t0 + h, to: Fixture.t0 + 2 * h)
        #expect(second.timestamps == [Fixture.t0 + h, Fixture.t0 + 2 * h - 1])
        #expect(second.count == 2)
        let empty = try store.windowData(model: Fixture.model, from: Fixture.t0 + 3 * h, to: Fixture.t0 + 4 * h)
        #expect(empty.count == 0)
        #expect(empty.columns.map(\.count) == [0, 0, 0, 0])
        #expect(try store.eventTimeRange(model: Fixture.model) == (Fixture.t0 - 1)...(Fixture.t0 + 2 * h))
    }

    @Test("another model's events are not read")
    func otherModel() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.saveReference(
            model: Fixture.otherModel, schema: Fixture.schema, profile: Fixture.profile(), rowCount: 6, at: 0)
        try store.insertEvents(model: Fixture.model, events: Fixture.events(3), receivedAt: 0)
        try store.insertEvents(model: Fixture.otherModel, events: Fixture.events(5), receivedAt: 0)
        #expect(try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour).count == 3)
        #expect(
            try store.windowData(model: Fixture.otherModel, from: Fixture.t0, to: Fixture.t0 + Fixture.hour).count == 5)
    }

    @Test("columns carry the values: NaN for missing numbers, dictionary-encoded categories")
    func values() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let t = Fixture.t0
        try store.insertEvents(
            model: Fixture.model,
            events: [
                Fixture.event(
                    "a", at: t, age: .number(31.5), country: .string("fr"), income: .number(-2), plan: .string("pro")),
                Fixture.event("b", at: t + 1, age: nil, country: .string("de"), income: .null, plan: .bool(true)),
                Fixture.event(
                    "c", at: t + 2, age: .string("old"), country: .null, income: .bool(true), plan: .number(3)),
                Fixture.event(
                    "d", at: t + 3, age: .number(0), country: .string("fr"), income: .number(1e300), plan: nil,
                    prediction: .string("fraud"), score: nil),
                Fixture.event(
                    "e", at: t + 4, age: .number(-7), country: .string("ünïcødé"), income: .number(5),
                    plan: .number(2.5),
                    prediction: nil, score: .nan),
            ],
            receivedAt: 0)
        let window = try store.windowData(model: Fixture.model, from: t, to: t + 5)
        #expect(window.schema == Fixture.schema)
        #expect(window.count == 5)

        let age = try #require(window.column(named: "age")?.numbers)
        #expect(age[0] == 31.5 && age[1].isNaN && age[2].isNaN && age[3] == 0 && age[4] == -7)
        let income = try #require(window.column(named: "income")?.numbers)
        #expect(income[0] == -2 && income[1].isNaN && income[2] == 1 && income[3] == 1e300 && income[4] == 5)

        guard case .categorical(let country) = try #require(window.column(named: "country")) else {
            Issue.record("country is not categorical")
            return
        }
        #expect(country.categories == ["fr", "de", "ünïcødé"])
        #expect(country.codes == [0, 1, CategoricalColumn.missingCode, 0, 2])
        #expect(window.column(named: "plan")?.categoryNames == ["pro", "true", "3", nil, "2.5"])

        #expect(window.predictions == [.number(1), .number(1), .number(1), .string("fraud"), nil])
        #expect(window.scores[0] == 0.9 && window.scores[3].isNaN && window.scores[4].isNaN)
        #expect(window.labels == [nil, nil, nil, nil, nil])
        #expect(window.labelledCount == 0)
        guard case .categorical(let predictions) = window.predictionColumn() else {
            Issue.record("a binary model's predictions are not categorical")
            return
        }
        #expect(predictions.categories == ["1", "fraud"])
        #expect(predictions.codes == [0, 0, 0, 1, CategoricalColumn.missingCode])
    }

    @Test("a window is read with the schema of the requested reference version")
    func schemaVersion() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(model: Fixture.model, events: Fixture.events(2), receivedAt: 0)
        let regression = ModelSchema(
            features: [.init(name: "plan", type: .categorical), .init(name: "age", type: .categorical)],
            task: .regression, positiveLabel: nil)
        try store.saveReference(
            model: Fixture.model, schema: regression, profile: Fixture.profile(), rowCount: 6, at: 0)

        let latest = try store.windowData(model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour)
        #expect(latest.schema == regression)
        #expect(latest.columns.count == 2)
        #expect(latest.column(named: "age")?.categoryNames == ["30", "30"])
        #expect(latest.predictionColumn() == .numeric([1, 1]))
        let first = try store.windowData(
            model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour, referenceVersion: 1)
        #expect(first.column(named: "age") == .numeric([30, 30]))
        do {
            _ = try store.windowData(model: Fixture.model, from: 0, to: 1, referenceVersion: 9)
            Issue.record("an unknown reference version was read")
        } catch {
            #expect(error.code == .unknownReferenceVersion)
        }
    }

    @Test("touched windows list the windows that gained events or labels since a change-log position")
    func touchedWindows() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let h = Fixture.hour
        try store.insertEvents(
            model: Fixture.model,
            events: [Fixture.event("a", at: Fixture.t0 + 10), Fixture.event("b", at: Fixture.t0 + 2 * h + 5)],
            receivedAt: 0)
        let all = try store.touchedWindows(model: Fixture.model, windowMilliseconds: h, afterSequence: 0)
        #expect(all.windowStarts == [Fixture.t0, Fixture.t0 + 2 * h])
        let none = try store.touchedWindows(
            model: Fixture.model, windowMilliseconds: h, afterSequence: all.lastSequence)
        #expect(none == TouchedWindows(windowStarts: [], lastSequence: all.lastSequence))

        try store.insertLabels(model: Fixture.model, labels: [LabelRecord(id: "a", label: .number(1))], receivedAt: 0)
        let labelled = try store.touchedWindows(
            model: Fixture.model, windowMilliseconds: h, afterSequence: all.lastSequence)
        #expect(labelled.windowStarts == [Fixture.t0])
        // A 15-second window size gets every window of the touched minute.
        let fine = try store.touchedWindows(
            model: Fixture.model, windowMilliseconds: 15_000, afterSequence: all.lastSequence)
        #expect(fine.windowStarts == [0, 15_000, 30_000, 45_000].map { Fixture.t0 + $0 })
    }
}
