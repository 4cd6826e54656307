import DriftAlerting
import DriftCore
import DriftStore
import Foundation
import Testing

/// A fresh directory with a store file, deleted when released.
final class TemporaryStore: Sendable {
    let directory: URL
    var path: String { directory.appendingPathComponent("driftwatch.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func open() throws -> SQLiteStore { try SQLiteStore(path: path) }
}

/// Shared values of the delivery tests.
enum DeliveryFixture {
    /// The Standard Webhooks specification's example secret (24 bytes), as in `Fixtures/webhooks/vectors.json`.
    static let secretValue = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let secretEnv = "DRIFTWATCH_TEST_HOOK_SECRET"
    static let environment: @Sendable (String) -> String? = { $0 == secretEnv ? secretValue : nil }
    static var secret: WebhookSecret { try! WebhookSecret(parsing: secretValue, variable: secretEnv) }

    /// Settings with short times, so that the retry scenarios take a fraction of a second.
    static let fast = DeliverySettings(
        requestTimeout: .seconds(5), initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400),
        pollInterval: .milliseconds(20), concurrency: 4)

    /// An Alertmanager-shaped body with non-ASCII text, so that signing covers the UTF-8 bytes.
    static func body(_ id: String) -> String {
        #"{"version":"4","status":"firing","receiver":"oncall","groupLabels":{"alertname":"feature-drift"},"#
            + #""commonAnnotations":{"summary":"pays drifted on fraud-detector — PSI 0.31"},"id":"\#(id)"}"#
    }

    static func notification(
        _ webhookID: String, url: String, contentHash: String = "hash-1", enqueuedAt: Int64,
        secretEnv: String? = DeliveryFixture.secretEnv, groupKey: String = "feature-drift/fraud-detector"
    ) -> NewOutboxRecord {
        NewOutboxRecord(
            webhookID: webhookID, groupKey: groupKey, contentHash: contentHash,
            receiver: "oncall", kind: "webhook", url: url, secretEnv: secretEnv, model: "fraud-detector",
            rule: "feature-drift", status: "firing", body: body(webhookID), createdAt: enqueuedAt, enqueuedAt: enqueuedAt)
    }

    /// The only row of `store`'s outbox with `webhookID`.
    static func row(_ store: SQLiteStore, _ webhookID: String) throws -> OutboxRecord? {
        try store.outboxEntries().first { $0.webhookID == webhookID }
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// A wall clock the test sets by hand (ms since the Unix epoch).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    init(_ start: Int64) { current = start }

    var now: @Sendable () -> Int64 { { [self] in lock.withLock { current } } }

    func set(_ value: Int64) { lock.withLock { current = value } }
}

/// A transport that records what it was asked to send and answers from a script, without a network.
final class RecordingTransport: WebhookTransport, @unchecked Sendable {
    struct Sent: Sendable {
        var url: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var timeout: Duration
    }

    private let lock = NSLock()
    private var _sent: [Sent] = []
    private let answer: @Sendable (Int) -> TransportResult

    init(answer: @escaping @Sendable (Int) -> TransportResult) {
        self.answer = answer
    }

    var sent: [Sent] { lock.withLock { _sent } }

    func post(url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async
        -> TransportResult
    {
        let index = lock.withLock { () -> Int in
            _sent.append(Sent(url: url, headers: headers, body: body, timeout: timeout))
            return _sent.count - 1
        }
        return answer(index)
    }
}

/// An observer that keeps every report.
final class CollectingObserver: DeliveryObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var _reports: [DeliveryReport] = []

    var reports: [DeliveryReport] { lock.withLock { _reports } }

    func observe(_ report: DeliveryReport) {
        lock.withLock { _reports.append(report) }
    }
}
