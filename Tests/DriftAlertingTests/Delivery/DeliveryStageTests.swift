import DriftAlerting
import DriftCore
import DriftStore
import Foundation
import Testing

/// Each stage alone: dedupe, send, retry, record.
@Suite struct DeliveryStageTests {
    static let t0: Int64 = 1_767_225_600_000

    static func row(
        id: Int64 = 1, webhookID: String = "wh-1", hash: String = "hash-1", attempts: Int = 0,
        secretEnv: String? = DeliveryFixture.secretEnv, enqueuedAt: Int64 = t0, lastError: String? = nil
    ) -> OutboxRecord {
        OutboxRecord(
            id: id,
            notification: NewOutboxRecord(
                webhookID: webhookID, groupKey: "feature-drift/fraud-detector", contentHash: hash, receiver: "oncall",
                kind: "webhook", url: "http://127.0.0.1:9/hook", secretEnv: secretEnv, model: "fraud-detector",
                rule: "feature-drift", status: "firing", body: DeliveryFixture.body(webhookID), createdAt: enqueuedAt,
                enqueuedAt: enqueuedAt),
            deliveryState: .pending, attempts: attempts,
            nextAttemptAt: enqueuedAt, lastAttemptAt: nil, lastStatus: nil, lastError: lastError, finishedAt: nil)
    }

    // MARK: Dedupe

    @Test func dedupeSkipsOnlyTheSameContentUnderAnotherId() {
        let row = Self.row()
        func logged(_ hash: String, _ id: String) -> NotificationLogEntry {
            NotificationLogEntry(groupKey: row.groupKey, receiver: row.receiver, contentHash: hash, webhookID: id, sentAt: 1)
        }
        #expect(DedupeStage.decide(row, logged: nil) == .send)
        #expect(DedupeStage.decide(row, logged: logged("hash-0", "wh-0")) == .send)
        #expect(DedupeStage.decide(row, logged: logged("hash-1", "wh-1")) == .send)
        guard case .skip(let reason) = DedupeStage.decide(row, logged: logged("hash-1", "wh-0")) else {
            Issue.record("the same content already delivered should be skipped")
            return
        }
        #expect(reason.contains("wh-0"))
    }

    @Test func dedupeReadsTheNotificationLog() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [
                DeliveryFixture.notification("first", url: "http://127.0.0.1:9/hook", enqueuedAt: Self.t0),
                DeliveryFixture.notification("again", url: "http://127.0.0.1:9/hook", enqueuedAt: Self.t0 + 1),
            ]))
        let stage = DedupeStage(store: store)
        let rows = try store.outboxEntries().reversed() as [OutboxRecord]
        #expect(try rows.map { try stage.check($0) } == [.send, .send])
        try store.markDelivered(id: rows[0].id, at: Self.t0 + 2, status: 200)
        guard case .skip = try stage.check(rows[1]) else {
            Issue.record("the second notification repeats the delivered content")
            return
        }
    }

    // MARK: Send

    @Test func sendSignsTheStoredBodyWithTheAttemptsTimestamp() async throws {
        let transport = RecordingTransport { _ in .response(TransportResponse(status: 202)) }
        let stage = SendStage(
            transport: transport, requestTimeout: .seconds(3), environment: DeliveryFixture.environment)
        let row = Self.row()
        let result = await stage.send(row, timestamp: 1_767_225_601)
        #expect(result.outcome == .delivered(status: 202))
        #expect(result.attempted)
        #expect(result.latency != nil)
        let sent = try #require(transport.sent.first)
        #expect(sent.url == row.url)
        #expect(sent.body == Array(row.body.utf8))
        #expect(sent.timeout == .seconds(3))
        let headers = Dictionary(uniqueKeysWithValues: sent.headers.map { ($0.name, $0.value) })
        #expect(headers["webhook-id"] == "wh-1")
        #expect(headers["webhook-timestamp"] == "1767225601")
        #expect(
            WebhookSigner.verify(
                signatureHeader: try #require(headers["webhook-signature"]), id: "wh-1", timestamp: "1767225601",
                body: sent.body, secret: DeliveryFixture.secret))
    }

    @Test func sendWithoutSecretEnvGoesUnsigned() async throws {
        let transport = RecordingTransport { _ in .response(TransportResponse(status: 200)) }
        let stage = SendStage(transport: transport, environment: { _ in nil })
        _ = await stage.send(Self.row(secretEnv: nil), timestamp: 1)
        #expect(try #require(transport.sent.first).headers.map(\.name) == ["webhook-id", "webhook-timestamp"])
    }

    @Test func sendRefusesToSendWhenTheSecretIsUnusable() async {
        let transport = RecordingTransport { _ in .response(TransportResponse(status: 200)) }
        for environment in [{ _ in nil }, { _ in "whsec_short" }] as [@Sendable (String) -> String?] {
            let result = await SendStage(transport: transport, environment: environment).send(Self.row(), timestamp: 1)
            #expect(!result.attempted)
            #expect(result.latency == nil)
            guard case .permanent(nil, let reason) = result.outcome else {
                Issue.record("an unusable secret is permanent, got \(result.outcome)")
                continue
            }
            #expect(reason.contains(DeliveryFixture.secretEnv))
        }
        #expect(transport.sent.isEmpty)
    }

    // MARK: Retry

    @Test func retryStageCountsThisAttemptAndUsesItsRandomSource() {
        let stage = RetryStage(
            policy: RetryPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(60)), random: { 0 })
        let outcome = DeliveryOutcome.retryable(status: 500, retryAfter: nil, reason: "receiver answered 500")
        // Two attempts made before this one: the third waits half of 4 s with no jitter.
        #expect(stage.decide(Self.row(attempts: 2), outcome: outcome, now: Self.t0 + 10) == .retry(at: Self.t0 + 2_010))
        #expect(stage.decide(Self.row(), outcome: .delivered(status: 200), now: Self.t0) == .delivered)
    }

    @Test func retryStageExpiresRowsPastTheMaxAge() throws {
        let stage = RetryStage(policy: RetryPolicy(maxDeliveryAge: .seconds(3_600)))
        let row = Self.row(attempts: 3, lastError: "connection: refused")
        #expect(stage.expiry(row, now: Self.t0 + 3_600_000) == nil)
        let reason = try #require(stage.expiry(row, now: Self.t0 + 3_600_001))
        #expect(reason.contains("max_delivery_age (1h)"))
        #expect(reason.contains("after 3 attempts"))
        #expect(reason.contains("connection: refused"))
    }

    // MARK: Record

    @Test func recordWritesEachDisposition() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(
                notifications: ["d", "r", "x", "s"].map {
                    DeliveryFixture.notification(
                        $0, url: "http://127.0.0.1:9/hook", contentHash: $0, enqueuedAt: Self.t0, groupKey: "group-\($0)")
                }))
        let rows = Dictionary(uniqueKeysWithValues: try store.dueOutbox(now: Self.t0).map { ($0.webhookID, $0) })
        try #require(rows.count == 4)
        let stage = RecordStage(store: store)
        #expect(try stage.record(rows["d"]!, .delivered(status: 200), at: Self.t0 + 1))
        #expect(try stage.record(rows["r"]!, .retry(nextAttemptAt: Self.t0 + 500, status: 503, error: "503"), at: Self.t0 + 1))
        #expect(try stage.record(rows["x"]!, .dead(status: 400, reason: "400", attempted: true), at: Self.t0 + 1))
        #expect(try stage.record(rows["s"]!, .skipped(reason: "dup"), at: Self.t0 + 1))
        #expect(try !stage.record(rows["d"]!, .delivered(status: 200), at: Self.t0 + 2), "already delivered")

        let stored = Dictionary(uniqueKeysWithValues: try store.outboxEntries().map { ($0.webhookID, $0) })
        #expect(stored["d"]?.deliveryState == .delivered && stored["d"]?.attempts == 1)
        #expect(stored["r"]?.deliveryState == .pending && stored["r"]?.attempts == 1)
        #expect(stored["r"]?.nextAttemptAt == Self.t0 + 500 && stored["r"]?.lastStatus == 503)
        #expect(stored["x"]?.deliveryState == .dead && stored["x"]?.attempts == 1 && stored["x"]?.lastStatus == 400)
        #expect(stored["s"]?.deliveryState == .skipped && stored["s"]?.attempts == 0)
        #expect(try store.notificationLogEntry(groupKey: "group-d", receiver: "oncall")?.webhookID == "d")
        #expect(try store.notificationLogEntry(groupKey: "group-x", receiver: "oncall") == nil)
    }
}
