import DriftAlerting
import DriftCore
import DriftStore
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// Delivery end to end: a real SQLite file, the real AsyncHTTPClient transport, and a real HTTP receiver on
/// 127.0.0.1 that verifies each signature from the raw body bytes.
@Suite(.serialized) struct DeliveryServiceTests {
    /// Runs `service` in a `ServiceGroup`, as the server does, until `body` returns; then shuts it down
    /// gracefully and waits for it.
    static func running<T>(_ service: DeliveryService, _ body: () async throws -> T) async throws -> T {
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffUnderOneWebhookID() async throws {
        let receiver = try await TestReceiver.start { $0 < 2 ? (500, nil) : (200, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [
                DeliveryFixture.notification("wh-500", url: receiver.url, enqueuedAt: WallClock.system())
            ]))
        let observer = CollectingObserver()
        let service = try DeliveryService(
            store: store, settings: DeliveryFixture.fast, observer: observer, environment: DeliveryFixture.environment)
        let delivered = try await Self.running(service) {
            try await eventually { try DeliveryFixture.row(store, "wh-500")?.deliveryState == .delivered }
        }
        await receiver.stop()
        #expect(delivered)

        let requests = await receiver.requests
        #expect(requests.count == 3)
        #expect(requests.map(\.webhookID) == ["wh-500", "wh-500", "wh-500"])
        #expect(requests.allSatisfy { $0.body == Array(DeliveryFixture.body("wh-500").utf8) })
        #expect(requests.allSatisfy { $0.headers["content-type"] == "application/json" })
        #expect(requests.allSatisfy { $0.signatureVerifies(with: DeliveryFixture.secret) })
        // Equal jitter keeps at least half of each backoff (100 ms, then 200 ms): the gaps show it growing.
        if requests.count == 3 {
            #expect(requests[1].arrivedAt - requests[0].arrivedAt >= .milliseconds(50))
            #expect(requests[2].arrivedAt - requests[1].arrivedAt >= .milliseconds(100))
        }

        let row = try #require(try DeliveryFixture.row(store, "wh-500"))
        #expect(row.attempts == 3 && row.lastStatus == 200 && row.lastError == nil)
        let logged = try #require(try store.notificationLogEntry(groupKey: row.groupKey, receiver: "oncall"))
        #expect(logged.webhookID == "wh-500" && logged.contentHash == row.contentHash)
        #expect(observer.reports.map(\.disposition.name) == ["retry", "retry", "delivered"])
        #expect(observer.reports.map(\.disposition.status) == [500, 500, 200])
        #expect(observer.reports.allSatisfy { $0.receiver == "oncall" && $0.latency != nil })
        #expect(try store.outboxCounts()["delivered"] == 1)
    }

    @Test func aClientErrorIsNotRetriedAndDeadLetters() async throws {
        let receiver = try await TestReceiver.start { _ in (400, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [
                DeliveryFixture.notification("wh-400", url: receiver.url, enqueuedAt: WallClock.system())
            ]))
        let observer = CollectingObserver()
        let service = try DeliveryService(
            store: store, settings: DeliveryFixture.fast, observer: observer, environment: DeliveryFixture.environment)
        let dead = try await Self.running(service) {
            try await eventually { try DeliveryFixture.row(store, "wh-400")?.deliveryState == .dead }
        }
        let requests = await receiver.requests
        await receiver.stop()
        #expect(dead)
        #expect(requests.count == 1)
        #expect(requests.first?.signatureVerifies(with: DeliveryFixture.secret) == true)
        let row = try #require(try DeliveryFixture.row(store, "wh-400"))
        #expect(row.attempts == 1 && row.lastStatus == 400 && row.finishedAt != nil)
        #expect(row.lastError?.contains("400") == true)
        #expect(try store.outboxCounts()["dead"] == 1)
        #expect(try store.notificationLogEntry(groupKey: row.groupKey, receiver: "oncall") == nil)
        #expect(observer.reports.map(\.disposition.name) == ["dead"])
    }

    @Test func aNotificationQueuedWhileTheReceiverIsDownIsDeliveredAfterARestart() async throws {
        // A port that was just free: a receiver listens on it, then stops.
        let probe = try await TestReceiver.start { _ in (200, nil) }
        let port = probe.port
        await probe.stop()
        let url = "http://127.0.0.1:\(port)/hook"
        let temporary = try TemporaryStore()

        do {
            let store = try temporary.open()
            try store.commitAlerts(
                AlertCommit(notifications: [
                    DeliveryFixture.notification("wh-restart", url: url, enqueuedAt: WallClock.system())
                ]))
            let service = try DeliveryService(
                store: store, settings: DeliveryFixture.fast, environment: DeliveryFixture.environment)
            let failed = try await Self.running(service) {
                try await eventually { (try DeliveryFixture.row(store, "wh-restart")?.attempts ?? 0) >= 1 }
            }
            #expect(failed)
            let row = try #require(try DeliveryFixture.row(store, "wh-restart"))
            #expect(row.deliveryState == .pending && row.lastStatus == nil)
            #expect(row.lastError?.hasPrefix("connection") == true, "\(row.lastError ?? "no error")")
            try store.close()
        }

        let receiver = try await TestReceiver.start(port: port) { _ in (200, nil) }
        let store = try temporary.open()
        let service = try DeliveryService(
            store: store, settings: DeliveryFixture.fast, environment: DeliveryFixture.environment)
        let delivered = try await Self.running(service) {
            try await eventually { try DeliveryFixture.row(store, "wh-restart")?.deliveryState == .delivered }
        }
        let requests = await receiver.requests
        await receiver.stop()
        #expect(delivered)
        #expect(requests.count == 1)
        #expect(requests.first?.webhookID == "wh-restart")
        #expect(requests.first?.body == Array(DeliveryFixture.body("wh-restart").utf8))
        #expect(requests.first?.signatureVerifies(with: DeliveryFixture.secret) == true)
        #expect((try DeliveryFixture.row(store, "wh-restart")?.attempts ?? 0) >= 2)
    }

    @Test func retryAfterIsHonoured() async throws {
        let receiver = try await TestReceiver.start { $0 == 0 ? (429, "1") : (200, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [
                DeliveryFixture.notification("wh-429", url: receiver.url, enqueuedAt: WallClock.system())
            ]))
        var settings = DeliveryFixture.fast
        settings.initialBackoff = .milliseconds(10)
        let service = try DeliveryService(store: store, settings: settings, environment: DeliveryFixture.environment)
        let delivered = try await Self.running(service) {
            try await eventually { try DeliveryFixture.row(store, "wh-429")?.deliveryState == .delivered }
        }
        let requests = await receiver.requests
        await receiver.stop()
        #expect(delivered)
        #expect(requests.count == 2)
        if requests.count == 2 {
            #expect(requests[1].arrivedAt - requests[0].arrivedAt >= .seconds(1), "Retry-After: 1 is a lower bound")
        }
    }

    @Test func theSameContentIsNotSentTwice() async throws {
        let receiver = try await TestReceiver.start { _ in (200, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        let now = WallClock.system()
        try store.commitAlerts(
            AlertCommit(notifications: [
                DeliveryFixture.notification("wh-first", url: receiver.url, enqueuedAt: now),
                DeliveryFixture.notification("wh-repeat", url: receiver.url, enqueuedAt: now),
                DeliveryFixture.notification("wh-changed", url: receiver.url, contentHash: "hash-2", enqueuedAt: now),
            ]))
        let observer = CollectingObserver()
        let service = try DeliveryService(
            store: store, settings: DeliveryFixture.fast, observer: observer, environment: DeliveryFixture.environment)
        let finished = try await Self.running(service) {
            try await eventually { try store.outboxCounts()["pending"] == 0 }
        }
        let requests = await receiver.requests
        await receiver.stop()
        #expect(finished)
        #expect(requests.map(\.webhookID) == ["wh-first", "wh-changed"])
        #expect(try DeliveryFixture.row(store, "wh-repeat")?.deliveryState == .skipped)
        #expect(try DeliveryFixture.row(store, "wh-repeat")?.lastError?.contains("wh-first") == true)
        #expect(observer.reports.map(\.disposition.name) == ["delivered", "skipped", "delivered"])
        #expect(try store.notificationLogEntry(groupKey: "feature-drift/fraud-detector", receiver: "oncall")?.webhookID
            == "wh-changed")
    }

    @Test func wakeStartsAPassWithoutWaitingForThePollInterval() async throws {
        let receiver = try await TestReceiver.start { _ in (204, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        var settings = DeliveryFixture.fast
        settings.pollInterval = .seconds(3_600)
        let service = try DeliveryService(store: store, settings: settings, environment: DeliveryFixture.environment)
        let delivered = try await Self.running(service) {
            // Wait until the service has finished its first (empty) pass: it then sleeps for an hour, so only
            // the wake below can deliver the notification in time.
            #expect(try await eventually { service.completedPasses >= 1 })
            try store.commitAlerts(
                AlertCommit(notifications: [
                    DeliveryFixture.notification("wh-wake", url: receiver.url, enqueuedAt: WallClock.system())
                ]))
            service.wake()
            return try await eventually { try DeliveryFixture.row(store, "wh-wake")?.deliveryState == .delivered }
        }
        await receiver.stop()
        #expect(delivered)
    }
}

/// Time-dependent decisions, driven through the pipeline with a hand-set clock against a real receiver.
@Suite struct DeliveryDeadlineTests {
    static let t0: Int64 = 1_767_225_600_000

    @Test func deadLettersWhenTheNextAttemptWouldPassMaxDeliveryAge() async throws {
        let receiver = try await TestReceiver.start { _ in (503, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [DeliveryFixture.notification("wh-age", url: receiver.url, enqueuedAt: Self.t0)]))
        let clock = ManualClock(Self.t0)
        let transport = HTTPClientTransport()
        let settings = DeliverySettings(
            initialBackoff: .seconds(1), maxBackoff: .seconds(1), maxDeliveryAge: .seconds(60))
        let service = try DeliveryService(
            store: store, settings: settings, transport: transport, environment: DeliveryFixture.environment,
            now: clock.now)
        let pipeline = service.pipeline(transport: transport)

        let first = try await service.deliverDue(using: pipeline)
        #expect(first.map(\.disposition.name) == ["retry"])
        // 59.6 s after queueing the second attempt fails too; the next one, at least 0.5 s later, would be
        // past the 60 s max_delivery_age.
        clock.set(Self.t0 + 59_600)
        let second = try await service.deliverDue(using: pipeline)
        try await transport.shutdown()
        let requests = await receiver.requests
        await receiver.stop()

        #expect(second.map(\.disposition) == [
            .dead(status: 503, reason: try #require(try DeliveryFixture.row(store, "wh-age")?.lastError), attempted: true)
        ])
        #expect(requests.count == 2)
        #expect(requests.map(\.headers["webhook-timestamp"]) == ["1767225600", "1767225659"])
        #expect(requests.allSatisfy { $0.signatureVerifies(with: DeliveryFixture.secret) })
        let row = try #require(try DeliveryFixture.row(store, "wh-age"))
        #expect(row.deliveryState == .dead && row.attempts == 2 && row.lastStatus == 503)
        #expect(row.lastError?.contains("max_delivery_age (1m)") == true)
        #expect(try store.outboxCounts()["dead"] == 1)
    }

    @Test func aNotificationPastMaxDeliveryAgeIsDeadWithoutARequest() async throws {
        let receiver = try await TestReceiver.start { _ in (200, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [DeliveryFixture.notification("wh-old", url: receiver.url, enqueuedAt: Self.t0)]))
        let clock = ManualClock(Self.t0 + 24 * 3_600_000 + 1)
        let transport = HTTPClientTransport()
        let service = try DeliveryService(
            store: store, transport: transport, environment: DeliveryFixture.environment, now: clock.now)
        let reports = try await service.deliverDue(using: service.pipeline(transport: transport))
        try await transport.shutdown()
        let requests = await receiver.requests
        await receiver.stop()
        #expect(reports.map(\.disposition.name) == ["dead"])
        #expect(reports.first?.latency == nil)
        #expect(requests.isEmpty)
        let row = try #require(try DeliveryFixture.row(store, "wh-old"))
        #expect(row.deliveryState == .dead && row.attempts == 0)
        #expect(row.lastError?.contains("max_delivery_age (1d)") == true)
    }

    @Test func aMissingSecretDeadLettersWithoutARequest() async throws {
        let receiver = try await TestReceiver.start { _ in (200, nil) }
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.commitAlerts(
            AlertCommit(notifications: [DeliveryFixture.notification("wh-nosecret", url: receiver.url, enqueuedAt: Self.t0)]))
        let transport = HTTPClientTransport()
        let service = try DeliveryService(
            store: store, transport: transport, environment: { _ in nil }, now: ManualClock(Self.t0).now)
        let reports = try await service.deliverDue(using: service.pipeline(transport: transport))
        try await transport.shutdown()
        let requests = await receiver.requests
        await receiver.stop()
        #expect(requests.isEmpty)
        guard case .dead(nil, let reason, false) = reports.first?.disposition else {
            Issue.record("expected a dead letter without a request, got \(reports)")
            return
        }
        #expect(reason.contains(DeliveryFixture.secretEnv))
        #expect(try DeliveryFixture.row(store, "wh-nosecret")?.deliveryState == .dead)
    }

    @Test func settingsOutOfRangeAreRefused() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        for settings in [
            DeliverySettings(concurrency: 0), DeliverySettings(initialBackoff: .seconds(10), maxBackoff: .seconds(1)),
            DeliverySettings(pollInterval: .zero), DeliverySettings(batchSize: 0),
        ] {
            #expect {
                _ = try DeliveryService(store: store, settings: settings)
            } throws: { error in
                (error as? DeliveryError)?.code == .invalidSettings
            }
        }
    }
}
