import DriftAlerting
import DriftCore
import DriftServer
import DriftStore
import Foundation
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The whole alerting loop through the real HTTP API: a stream that drifts and recovers, evaluated by the
/// background loop on an injected clock, produces a signed webhook and a retrain trigger at a real
/// receiver on 127.0.0.1, then the resolved notification; `GET /v1/alerts` and `/metrics` report it.
@Suite struct AlertingEndToEndTests {
    static let secret = "whsec_" + Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()
    static let hour: Int64 = 3_600_000
    /// 2026-01-05T00:00:00Z.
    static let origin: Int64 = 1_767_571_200_000

    static func rules(port: Int) -> String {
        """
        receivers:
          - {name: oncall, kind: webhook, url: "http://127.0.0.1:\(port)/oncall", secret_env: TEST_ONCALL_SECRET}
          - {name: retrain, kind: retrain, url: "http://127.0.0.1:\(port)/retrain", secret_env: TEST_ONCALL_SECRET,
             retrain_cooldown: 24h}
        rules:
          - name: feature-drift
            metric: psi
            op: ">="
            threshold: 0.2
            annotations: {summary: "{{feature}} drifted on {{model}}: PSI {{value}}"}
            receivers: [oncall]
          - name: sustained-drift
            metric: drifted_feature_share
            op: ">="
            threshold: 0.3
            for: 2
            receivers: [retrain]
        """
    }

    /// 200 events in hour `window`: like the reference, or shifted (amount ×4 + 150, every channel "web").
    static func events(window: Int, drifted: Bool) -> String {
        let lines = (0..<200).map { index -> String in
            let timestamp = (origin + Int64(window) * hour + Int64(index) * 15_000) / 1000
            let amount = Double(index % 50) * 2.5 * (drifted ? 4 : 1) + (drifted ? 150 : 0)
            let channel = drifted ? "web" : ["web", "ios", "android"][index % 3]
            return #"{"id":"w\#(window)-\#(index)","timestamp":\#(timestamp),"features":{"amount":\#(amount),"age":\#(20 + index % 40),"channel":"\#(channel)"},"prediction":\#(index % 2),"score":0.\#(index % 10)}"#
        }
        return lines.joined(separator: "\n")
    }

    @Test func driftedStreamPagesOnCallTriggersRetrainingAndResolves() async throws {
        try await withWebhookReceiver { port, inbox in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-alerts-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let rulesFolder = folder.appendingPathComponent("alerts")
            try FileManager.default.createDirectory(at: rulesFolder, withIntermediateDirectories: true)
            try Self.rules(port: port).write(to: rulesFolder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)

            let clock = Locked(Self.origin)
            let now: @Sendable () -> Int64 = { clock.withLock { $0 } }
            let store = try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path)
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.evaluationIntervalMilliseconds = 50
            configuration.alerts.directory = rulesFolder.path
            configuration.alerts.retryInitialMilliseconds = 50
            var logger = Logger(label: "driftwatch-test")
            logger.logLevel = .warning
            let metrics = ServiceMetrics()
            let alerting = try require(
                try configuration.makeAlerting(
                    store: store, metrics: metrics, logger: logger, now: now,
                    environment: { $0 == "TEST_ONCALL_SECRET" ? Self.secret : nil }))
            let evaluation = try configuration.makeEvaluationService(store: store, now: now)
            let application = buildApplication(
                configuration: configuration, store: store, evaluation: evaluation, logger: logger, metrics: metrics,
                now: now, alerting: alerting.runtime, extraServices: alerting.services)

            try await application.test(.live) { client in
                #expect(try await client.uploadReference("loans").status == .created)
                /// Posts hour `window`'s events, moves the clock past its end and lateness, and waits until the
                /// loop has evaluated it.
                func stream(window: Int, drifted: Bool) async throws {
                    let response = try await client.execute(
                        uri: "/v1/models/loans/events", method: .post, headers: [.contentType: "application/x-ndjson"],
                        body: ByteBuffer(string: Self.events(window: window, drifted: drifted)))
                    #expect(response.status == .accepted)
                    clock.withLock { $0 = Self.origin + Int64(window + 1) * Self.hour + 6 * 60_000 }
                    let deadline = ContinuousClock.now + .seconds(20)
                    while ContinuousClock.now < deadline {
                        let windows = try await client.execute(uri: "/v1/models/loans/windows", method: .get)
                        let list = try jsonObject(windows)["windows"] as? [[String: Any]] ?? []
                        if list.count > window, list[window]["partial"] as? Bool == false { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    // The alert pass runs right after the evaluation pass; give it one more loop.
                    try await Task.sleep(for: .milliseconds(200))
                }

                try await stream(window: 0, drifted: false)
                try await stream(window: 1, drifted: true)
                var received = await inbox.wait { $0.contains { $0.path == "/oncall" } }
                let firing = try require(received.first { $0.path == "/oncall" }, "no webhook for the drift")
                #expect(verifyStandardWebhookSignature(firing, secret: Self.secret))
                #expect(firing.json["status"] as? String == "firing")
                let alerts = firing.json["alerts"] as? [[String: Any]] ?? []
                let features = Set(alerts.compactMap { ($0["labels"] as? [String: String])?["feature"] })
                #expect(features.contains("amount"))
                #expect(features.contains("channel"))
                #expect(!received.contains { $0.path == "/retrain" }, "sustained drift needs two windows")

                try await stream(window: 2, drifted: true)
                received = await inbox.wait { $0.contains { $0.path == "/retrain" } }
                let retrain = try require(received.first { $0.path == "/retrain" }, "no retrain trigger")
                #expect(verifyStandardWebhookSignature(retrain, secret: Self.secret))
                let request = retrain.json["retrain"] as? [String: Any] ?? [:]
                #expect(request["model"] as? String == "loans")
                #expect(request["reference_version"] as? Int == 1)
                let drifted = (request["drifted_features"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(drifted.contains("amount"))
                let range = request["suggested_training_data"] as? [String: String] ?? [:]
                #expect(range["from"] == "2026-01-05T01:00:00Z")
                #expect(range["to"] == "2026-01-05T03:00:00Z")

                try await stream(window: 3, drifted: false)
                received = await inbox.wait {
                    $0.contains { $0.path == "/oncall" && ($0.json["status"] as? String) == "resolved" }
                }
                let resolved = try require(
                    received.first { $0.path == "/oncall" && ($0.json["status"] as? String) == "resolved" },
                    "no resolved notification")
                #expect(verifyStandardWebhookSignature(resolved, secret: Self.secret))
                #expect(received.filter { $0.path == "/retrain" }.count == 1, "one retrain trigger per cooldown")
                let ids = received.compactMap { $0.headers["webhook-id"] }
                #expect(Set(ids).count == ids.count, "every notification has its own webhook-id")

                let state = try jsonObject(try await client.execute(uri: "/v1/alerts?model=loans", method: .get))
                let states = state["alerts"] as? [[String: Any]] ?? []
                #expect(states.contains { $0["rule"] as? String == "feature-drift" && $0["state"] as? String == "resolved" })
                let outbox = state["outbox"] as? [String: Int] ?? [:]
                #expect(outbox["delivered"] == received.count)
                #expect(outbox["dead"] == 0)
                let exposition = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(exposition.contains("driftwatch_notification_attempts_total"))
                #expect(exposition.contains(#"driftwatch_alerts{state="resolved"}"#))
            }
        }
    }
}
