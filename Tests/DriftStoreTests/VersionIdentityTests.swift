import DriftCore
import DriftTestSupport
import Foundation
import GRDB
import Testing

@testable import DriftStore

/// Identity is (model, id, model_version) and a label joins every version of its id (API.md, "Slices").
@Suite("Event identity across model versions")
struct VersionIdentityTests {
    static let range = (from: Fixture.t0, to: Fixture.t0 + Fixture.hour)

    static func event(_ id: String, version: String?, shadow: Bool = false, prediction: Double = 1,
                      tags: [Event.Tag] = [], label: ScalarValue? = nil) -> Event {
        var event = Fixture.event(id, at: Fixture.t0 + 1_000, prediction: .number(prediction), label: label)
        event.modelVersion = version
        event.shadow = shadow
        event.tags = tags
        return event
    }

    @Test("the same id under two versions is two events; the same id and version again is a duplicate")
    func identity() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let first = try store.insertEvents(
            model: Fixture.model,
            events: [Self.event("r1", version: "v1"), Self.event("r1", version: "v3", shadow: true),
                     Self.event("r1", version: "v1"), Self.event("r2", version: nil), Self.event("r2", version: nil)],
            receivedAt: Fixture.t0)
        #expect(first.accepted == 3)
        #expect(first.duplicates == 2)
        let retry = try store.insertEvents(
            model: Fixture.model, events: [Self.event("r1", version: "v3", shadow: true), Self.event("r2", version: nil)],
            receivedAt: Fixture.t0)
        #expect(retry.accepted == 0 && retry.duplicates == 2)
        let outcomes = try #require(
            try store.versionOutcomes(model: Fixture.model, a: "v1", b: "v3", from: Self.range.from, to: Self.range.to))
        #expect(outcomes.a.map(\.id) == ["r1"] && outcomes.b.map(\.id) == ["r1"])
        #expect(outcomes.eventsPerVersion == ["v1": 1, "v3": 1])
        #expect(try store.model(named: Fixture.model)?.eventCount == 3)
    }

    @Test("a label sent before any version arrives joins every version, in later batches too")
    func labelBefore() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let labels = try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "r1", label: .number(1))], receivedAt: Fixture.t0)
        #expect(labels.matched == 0 && labels.unmatched == 1)
        try store.insertEvents(model: Fixture.model, events: [Self.event("r1", version: "v1")], receivedAt: Fixture.t0)
        try store.insertEvents(
            model: Fixture.model, events: [Self.event("r1", version: "v3", shadow: true)], receivedAt: Fixture.t0)
        let outcomes = try #require(
            try store.versionOutcomes(model: Fixture.model, a: "v1", b: "v3", from: Self.range.from, to: Self.range.to))
        #expect(outcomes.a.first?.label == .number(1))
        #expect(outcomes.b.first?.label == .number(1))
        let record = try #require(try store.model(named: Fixture.model))
        #expect(record.matchedLabelCount == 2)
        #expect(record.unmatchedLabelCount == 0)
    }

    @Test("a label sent after the versions joins all of them, counts as one match, and a correction reaches all")
    func labelAfter() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(
            model: Fixture.model,
            events: [Self.event("r1", version: "v1"), Self.event("r1", version: "v2"),
                     Self.event("r1", version: "v3", shadow: true), Self.event("r9", version: "v1")],
            receivedAt: Fixture.t0)
        let first = try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "r1", label: .number(0))], receivedAt: Fixture.t0)
        #expect(first.matched == 1 && first.unmatched == 0)
        try store.insertLabels(
            model: Fixture.model, labels: [LabelRecord(id: "r1", label: .number(1))], receivedAt: Fixture.t0)
        for version in ["v2", "v3"] {
            let outcomes = try #require(
                try store.versionOutcomes(
                    model: Fixture.model, a: "v1", b: version, from: Self.range.from, to: Self.range.to))
            #expect(outcomes.b.map(\.label) == [.number(1)])
            #expect(outcomes.a.first(where: { $0.id == "r1" })?.label == .number(1))
            #expect(outcomes.a.first(where: { $0.id == "r9" })?.label == nil)
        }
        #expect(try store.model(named: Fixture.model)?.matchedLabelCount == 3)
    }

    @Test("an inline label reaches the versions of its id stored earlier, and each newly labelled one counts")
    func inlineLabelToEarlierVersions() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(
            model: Fixture.model, events: [Self.event("r1", version: "v1"), Self.event("r2", version: "v1")],
            receivedAt: Fixture.t0)
        try store.insertEvents(
            model: Fixture.model, events: [Self.event("r1", version: "v2", label: .number(1))], receivedAt: Fixture.t0)
        let outcomes = try #require(
            try store.versionOutcomes(model: Fixture.model, a: "v1", b: "v2", from: Self.range.from, to: Self.range.to))
        #expect(outcomes.a.first(where: { $0.id == "r1" })?.label == .number(1))
        #expect(outcomes.a.first(where: { $0.id == "r2" })?.label == nil)
        #expect(try store.model(named: Fixture.model)?.matchedLabelCount == 2)
        // A later version with another label corrects every version; the count stays.
        try store.insertEvents(
            model: Fixture.model, events: [Self.event("r1", version: "v3", label: .number(0))], receivedAt: Fixture.t0)
        let corrected = try #require(
            try store.versionOutcomes(model: Fixture.model, a: "v1", b: "v2", from: Self.range.from, to: Self.range.to))
        #expect(corrected.a.first(where: { $0.id == "r1" })?.label == .number(0))
        #expect(corrected.b.map(\.label) == [.number(0)])
        #expect(try store.model(named: Fixture.model)?.matchedLabelCount == 3)
    }

    @Test("an inline label reaches versions of its id stored later, in the same batch and in later ones")
    func inlineLabelToLaterVersions() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        try store.insertEvents(
            model: Fixture.model,
            events: [Self.event("r1", version: "v1", label: .number(1)), Self.event("r1", version: "v2"),
                     Self.event("r2", version: "v1")],
            receivedAt: Fixture.t0)
        try store.insertEvents(
            model: Fixture.model, events: [Self.event("r1", version: "v3", shadow: true), Self.event("r2", version: "v3")],
            receivedAt: Fixture.t0)
        for version in ["v2", "v3"] {
            let outcomes = try #require(
                try store.versionOutcomes(
                    model: Fixture.model, a: "v1", b: version, from: Self.range.from, to: Self.range.to))
            #expect(outcomes.b.first(where: { $0.id == "r1" })?.label == .number(1), "\(version)")
            #expect(outcomes.b.first(where: { $0.id == "r2" })?.label == nil, "\(version)")
        }
        #expect(try store.model(named: Fixture.model)?.matchedLabelCount == 3)
    }

    @Test("shadow and tags are stored as sent")
    func shadowAndTags() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let tags = [Event.Tag(key: "app", value: "ios"), Event.Tag(key: "region", value: "eu-west")]
        try store.insertEvents(
            model: Fixture.model,
            events: [Self.event("r1", version: "v3", shadow: true, tags: tags), Self.event("r2", version: "v1")],
            receivedAt: Fixture.t0)
        try store.close()
        let queue = try DatabaseQueue(path: directory.path())
        let rows = try queue.read { try Row.fetchAll($0, sql: "SELECT event_id, shadow, tags FROM event ORDER BY event_id") }
        #expect(rows.map { $0[1] as Int } == [1, 0])
        let blob: Data = try #require(rows[0][2])
        #expect(try blob.withUnsafeBytes { try TagCodec.decode($0) } == tags)
        #expect((rows[1][2] as Data?) == nil)
    }

    @Test("a tag key outside [a-z0-9_.-] or a value with a control character is refused by the store")
    func badTags() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        for tag in [Event.Tag(key: "Region", value: "eu"), Event.Tag(key: "region", value: "e\u{0}u")] {
            #expect(throws: StoreError.self) {
                try store.insertEvents(
                    model: Fixture.model, events: [Self.event("r1", version: "v1", tags: [tag])], receivedAt: Fixture.t0)
            }
        }
        #expect(try store.model(named: Fixture.model)?.eventCount == 0)
    }
}
