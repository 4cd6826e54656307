import DriftTestSupport
import DriftCore
import DriftStore
import Foundation
import Testing

/// The delivery side of the outbox: due rows, outcomes, the notification log, counts.
@Suite struct OutboxStoreTests {
    static let t0: Int64 = 1_767_225_600_000

    static func note(
        _ id: String, group: String = "feature-drift/fraud", hash: String = "h1", receiver: String = "oncall",
        model: String = "fraud", enqueuedAt: Int64 = t0
    ) -> NewOutboxRecord {
        NewOutboxRecord(
            webhookID: id, groupKey: group, contentHash: hash, receiver: receiver, kind: "webhook",
            url: "http://127.0.0.1:9/hook", secretEnv: "DW_SECRET", model: model, rule: "feature-drift",
            status: "firing", body: #"{"version":"4","id":"\#(id)"}"#, createdAt: enqueuedAt - 5, enqueuedAt: enqueuedAt)
    }

    @Test func dueRowsComeOldestFirstUpToTheLimit() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        try store.commitAlerts(
            AlertCommit(notifications: [
                Self.note("b", group: "g1", enqueuedAt: Self.t0 + 20), Self.note("a", group: "g2", enqueuedAt: Self.t0 + 10),
                Self.note("c", group: "g3", enqueuedAt: Self.t0 + 30),
                Self.note("later", group: "g4", enqueuedAt: Self.t0 + 1_000),
            ]))
        #expect(try store.dueOutbox(now: Self.t0 + 30).map(\.webhookID) == ["a", "b", "c"])
        #expect(try store.dueOutbox(now: Self.t0 + 30, limit: 2).map(\.webhookID) == ["a", "b"])
        #expect(try store.dueOutbox(now: Self.t0).isEmpty)
        #expect(try store.nextDueTime() == Self.t0 + 10)

        let row = try #require(try store.dueOutbox(now: Self.t0 + 10).first)
        #expect(row.deliveryState == .pending)
        #expect(row.attempts == 0)
        #expect(row.nextAttemptAt == Self.t0 + 10)
        #expect(row.secretEnv == "DW_SECRET")
        #expect(row.body == #"{"version":"4","id":"a"}"#)
        #expect(row.lastAttemptAt == nil && row.lastStatus == nil && row.finishedAt == nil)
    }

    @Test func deliveryWritesTheNotificationLogInTheSameTransaction() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        try store.commitAlerts(AlertCommit(notifications: [Self.note("n1", hash: "h1")]))
        let row = try #require(try store.dueOutbox(now: Self.t0).first)
        #expect(try store.notificationLogEntry(groupKey: row.groupKey, receiver: "oncall") == nil)

        #expect(try store.markDelivered(id: row.id, at: Self.t0 + 50, status: 204))
        let delivered = try #require(try store.outboxEntries().first)
        #expect(delivered.deliveryState == .delivered)
        #expect(delivered.attempts == 1)
        #expect(delivered.lastStatus == 204)
        #expect(delivered.finishedAt == Self.t0 + 50)
        #expect(
            try store.notificationLogEntry(groupKey: row.groupKey, receiver: "oncall")
                == NotificationLogEntry(
                    groupKey: row.groupKey, receiver: "oncall", contentHash: "h1", webhookID: "n1", sentAt: Self.t0 + 50))
        // A second outcome for the same row changes nothing.
        #expect(try !store.markDelivered(id: row.id, at: Self.t0 + 60, status: 200))
        #expect(try !store.markDead(id: row.id, attempts: 2, at: Self.t0 + 60, status: 500, reason: "late"))
        #expect(try store.outboxEntries().first == delivered)

        // A later delivery for the same group and receiver replaces the log entry.
        try store.commitAlerts(AlertCommit(notifications: [Self.note("n2", hash: "h2", enqueuedAt: Self.t0 + 100)]))
        let second = try #require(try store.dueOutbox(now: Self.t0 + 100).first)
        try store.markDelivered(id: second.id, at: Self.t0 + 120, status: 200)
        #expect(try store.notificationLogEntry(groupKey: row.groupKey, receiver: "oncall")?.webhookID == "n2")
        #expect(try store.notificationLogEntry(groupKey: row.groupKey, receiver: "other") == nil)
    }

    @Test func retriesDeadLettersAndSkipsAreRecorded() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        try store.commitAlerts(
            AlertCommit(notifications: ["retry", "dead", "skip", "expired"].map { Self.note($0, group: $0) }))
        let rows = Dictionary(uniqueKeysWithValues: try store.dueOutbox(now: Self.t0).map { ($0.webhookID, $0) })
        try #require(rows.count == 4)

        #expect(
            try store.scheduleRetry(
                id: rows["retry"]!.id, attempts: 1, nextAttemptAt: Self.t0 + 1_000, at: Self.t0 + 5, status: 503,
                error: "receiver answered 503"))
        #expect(try store.markDead(id: rows["dead"]!.id, attempts: 1, at: Self.t0 + 6, status: 400, reason: "400"))
        #expect(try store.markSkipped(id: rows["skip"]!.id, at: Self.t0 + 7, reason: "same content"))
        // Given up without an attempt: the attempt count stays, no attempt time or status is invented.
        #expect(try store.markDead(id: rows["expired"]!.id, attempts: 0, at: Self.t0 + 8, status: nil, reason: "old"))

        #expect(try store.dueOutbox(now: Self.t0 + 999).isEmpty)
        #expect(try store.dueOutbox(now: Self.t0 + 1_000).map(\.webhookID) == ["retry"])
        #expect(try store.nextDueTime() == Self.t0 + 1_000)

        let entries = Dictionary(uniqueKeysWithValues: try store.outboxEntries().map { ($0.webhookID, $0) })
        let retry = try #require(entries["retry"])
        #expect(retry.deliveryState == .pending && retry.attempts == 1 && retry.lastStatus == 503)
        #expect(retry.lastAttemptAt == Self.t0 + 5 && retry.lastError == "receiver answered 503")
        let dead = try #require(entries["dead"])
        #expect(dead.deliveryState == .dead && dead.attempts == 1 && dead.lastStatus == 400)
        #expect(dead.lastAttemptAt == Self.t0 + 6 && dead.finishedAt == Self.t0 + 6)
        let skipped = try #require(entries["skip"])
        #expect(skipped.deliveryState == .skipped && skipped.attempts == 0 && skipped.lastError == "same content")
        let expired = try #require(entries["expired"])
        #expect(expired.deliveryState == .dead && expired.attempts == 0)
        #expect(expired.lastAttemptAt == nil && expired.lastStatus == nil && expired.lastError == "old")

        #expect(try store.outboxCounts() == ["pending": 1, "delivered": 0, "dead": 2, "skipped": 1])
        // Dead and skipped notifications never write the notification log.
        for group in ["dead", "skip", "expired"] {
            #expect(try store.notificationLogEntry(groupKey: group, receiver: "oncall") == nil)
        }
    }

    @Test func onlyTheOldestPendingNotificationOfAGroupIsDue() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        try store.commitAlerts(
            AlertCommit(notifications: [
                Self.note("firing", hash: "f"), Self.note("resolved", hash: "r", enqueuedAt: Self.t0 + 1),
                Self.note("other-receiver", receiver: "pager"), Self.note("other-group", group: "volume/fraud"),
            ]))
        #expect(try store.dueOutbox(now: Self.t0 + 1).map(\.webhookID) == ["firing", "other-receiver", "other-group"])
        let firing = try #require(try store.dueOutbox(now: Self.t0).first)
        // While the first waits for its retry, the one behind it waits too, and does not count as due.
        try store.scheduleRetry(
            id: firing.id, attempts: 1, nextAttemptAt: Self.t0 + 5_000, at: Self.t0, status: 503, error: "503")
        #expect(try store.dueOutbox(now: Self.t0 + 10).map(\.webhookID) == ["other-receiver", "other-group"])
        for row in try store.dueOutbox(now: Self.t0 + 10) { try store.markDelivered(id: row.id, at: Self.t0 + 10, status: 200) }
        #expect(try store.nextDueTime() == Self.t0 + 5_000)
        // Once the first is finished, the next one is due.
        try store.markDelivered(id: firing.id, at: Self.t0 + 5_000, status: 200)
        #expect(try store.dueOutbox(now: Self.t0 + 5_000).map(\.webhookID) == ["resolved"])
        #expect(try store.nextDueTime() == Self.t0 + 1)
    }

    @Test func entriesAreNewestFirstAndFilteredByModel() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        #expect(try store.outboxCounts() == ["pending": 0, "delivered": 0, "dead": 0, "skipped": 0])
        #expect(try store.nextDueTime() == nil)
        try store.commitAlerts(
            AlertCommit(notifications: [
                Self.note("1", model: "fraud"), Self.note("2", model: "churn"), Self.note("3", model: "fraud"),
            ]))
        #expect(try store.outboxEntries().map(\.webhookID) == ["3", "2", "1"])
        #expect(try store.outboxEntries(model: "fraud").map(\.webhookID) == ["3", "1"])
        #expect(try store.outboxEntries(limit: 1).map(\.webhookID) == ["3"])
    }

    @Test func pendingRowsSurviveReopening() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(path: directory.path())
            try store.commitAlerts(AlertCommit(notifications: [Self.note("kept")]))
            let row = try #require(try store.dueOutbox(now: Self.t0).first)
            try store.scheduleRetry(
                id: row.id, attempts: 1, nextAttemptAt: Self.t0 + 10, at: Self.t0, status: nil, error: "refused")
            try store.close()
        }
        let reopened = try SQLiteStore(path: directory.path())
        let row = try #require(try reopened.dueOutbox(now: Self.t0 + 10).first)
        #expect(row.webhookID == "kept" && row.attempts == 1 && row.lastError == "refused")
    }
}

@Suite struct AlertHistoryStoreTests {
    @Test func aPeriodStartsWithTheAlertsStillActiveAtItsStart() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        func step(_ feature: String, _ state: String, _ at: Int64) -> AlertTransitionRecord {
            AlertTransitionRecord(
                rule: "psi", model: "m", feature: feature, state: state, at: at, value: 0.3, windowStart: at - 10,
                windowEnd: at)
        }
        try store.commitAlerts(
            AlertCommit(transitions: [
                step("a", "pending", 10), step("a", "firing", 20), step("b", "firing", 30), step("b", "resolved", 40),
                step("c", "pending", 50), step("a", "resolved", 150), step("d", "firing", 250),
            ]))
        let history = try store.alertTransitions(model: "m", from: 100, to: 200)
        #expect(history.map { "\($0.feature):\($0.state)" } == ["a:firing", "c:pending", "a:resolved"])
        #expect(try store.alertTransitions(model: "other", from: 0, to: 1_000).isEmpty)
    }
}
