import DriftCore
import Testing

/// Alert state, transitions and the outbox, on every engine.
@Suite("Storage conformance: alerts and outbox")
struct AlertConformanceTests {
    static let t0 = Sample.t0

    static func note(_ id: String, group: String, enqueuedAt: Int64, model: String = "fraud-detector")
        -> NewOutboxRecord
    {
        NewOutboxRecord(
            webhookID: id, groupKey: group, contentHash: "hash-\(id)", receiver: "oncall", kind: "webhook",
            url: "http://127.0.0.1:9/hook", secretEnv: nil, model: model, rule: "drift", status: "firing",
            body: #"{"id":"\#(id)"}"#, createdAt: enqueuedAt - 1, enqueuedAt: enqueuedAt)
    }

    static func state(_ feature: String, _ state: String, at: Int64) -> AlertStateRecord {
        AlertStateRecord(
            rule: "drift", model: "fraud-detector", feature: feature, state: state, breaches: 2, lastWindowStart: at - 10,
            value: 0.4, activeSince: at - 10, firedAt: state == "firing" ? at : nil, resolvedAt: nil, lastNotifiedAt: nil,
            updatedAt: at)
    }

    @Test("states, transitions, cursors and notifications are written together and read back", arguments: Backend.all)
    func alertState(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let model = Sample.model.rawValue
        let states = [Self.state("age", "firing", at: Self.t0), Self.state("income", "pending", at: Self.t0)]
        let steps = [
            AlertTransitionRecord(
                rule: "drift", model: model, feature: "age", state: "pending", at: Self.t0 - 10, value: 0.3,
                windowStart: Self.t0 - 20, windowEnd: Self.t0 - 10),
            AlertTransitionRecord(
                rule: "drift", model: model, feature: "age", state: "firing", at: Self.t0, value: 0.4,
                windowStart: Self.t0 - 10, windowEnd: Self.t0),
        ]
        try store.commitAlerts(
            AlertCommit(
                states: states, transitions: steps, notifications: [Self.note("n1", group: "drift/age", enqueuedAt: Self.t0)],
                cursors: [model: Self.t0 + 5]))
        #expect(Set(try store.alertStates(model: model).map(\.feature)) == ["age", "income"])
        #expect(try store.alertStates().first { $0.feature == "age" } == states[0])
        #expect(try store.alertCursor(model: model) == Self.t0 + 5)
        #expect(try store.alertCursor(model: "other") == nil)
        #expect(try store.alertTransitions(model: model, limit: 10).map(\.state) == ["firing", "pending"])
        #expect(try store.alertTransitions(model: model, from: Self.t0, to: Self.t0 + 1).last == steps[1])
        #expect(try store.lastNotificationCreatedAt(model: model, kind: "webhook", receiver: "oncall") == Self.t0 - 1)
        #expect(try store.outboxEntries(model: model, createdFrom: Self.t0 - 1, to: Self.t0).map(\.webhookID) == ["n1"])
        // A state written again replaces the row.
        var resolved = states[0]
        resolved.state = "resolved"
        try store.commitAlerts(AlertCommit(states: [resolved]))
        #expect(try store.alertStates(model: model).first { $0.feature == "age" }?.state == "resolved")
    }

    @Test("the outbox hands out the head of each group, records outcomes once, and counts them", arguments: Backend.all)
    func outbox(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        try store.commitAlerts(
            AlertCommit(notifications: [
                Self.note("a1", group: "g1", enqueuedAt: Self.t0 + 10), Self.note("a2", group: "g1", enqueuedAt: Self.t0 + 20),
                Self.note("b1", group: "g2", enqueuedAt: Self.t0 + 15), Self.note("c1", group: "g3", enqueuedAt: Self.t0 + 99),
            ]))
        // a2 waits behind a1 in its group; c1 is not due yet.
        let due = try store.dueOutbox(now: Self.t0 + 50, limit: 10)
        #expect(due.map(\.webhookID) == ["a1", "b1"])
        #expect(try store.nextDueTime() == Self.t0 + 10)
        let a1 = due[0], b1 = due[1]
        #expect(try store.markDelivered(id: a1.id, at: Self.t0 + 60, status: 204))
        #expect(try !store.markDelivered(id: a1.id, at: Self.t0 + 61, status: 204))
        #expect(
            try store.notificationLogEntry(groupKey: "g1", receiver: "oncall")
                == NotificationLogEntry(
                    groupKey: "g1", receiver: "oncall", contentHash: "hash-a1", webhookID: "a1", sentAt: Self.t0 + 60))
        #expect(try store.scheduleRetry(id: b1.id, attempts: 1, nextAttemptAt: Self.t0 + 500, at: Self.t0 + 60, status: 503, error: "busy"))
        #expect(try store.dueOutbox(now: Self.t0 + 100, limit: 10).map(\.webhookID) == ["a2", "c1"])
        let a2 = try #require(try store.dueOutbox(now: Self.t0 + 100, limit: 10).first)
        #expect(try store.markSkipped(id: a2.id, at: Self.t0 + 100, reason: "already sent"))
        let retried = try #require(try store.dueOutbox(now: Self.t0 + 500, limit: 10).first { $0.webhookID == "b1" })
        #expect(retried.attempts == 1 && retried.lastStatus == 503 && retried.lastError == "busy")
        #expect(try store.markDead(id: retried.id, attempts: 2, at: Self.t0 + 500, status: nil, reason: "gave up"))
        let counts = try store.outboxCounts()
        #expect(counts["delivered"] == 1 && counts["skipped"] == 1 && counts["dead"] == 1 && counts["pending"] == 1)
        #expect(try store.outboxEntries(model: nil, limit: 10).count == 4)
        #expect(try store.outboxEntries(model: "other", limit: 10).isEmpty)
    }

    @Test("the store reports itself writable and sized", arguments: Backend.all)
    func health(backend: Backend) throws {
        let open = try Sample.store(backend)
        try open.store.checkWritable()
        #expect(open.store.fileSizeBytes() > 0)
    }
}
