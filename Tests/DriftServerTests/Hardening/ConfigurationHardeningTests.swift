import DriftAlerting
import DriftCore
import DriftStore
@testable import DriftServer
import DriftTestSupport
import Foundation
import Testing

/// Configuration values that reach arithmetic on timestamps, and the new limits' keys.
@Suite("Hardening: configuration")
struct ConfigurationHardeningTests {
    private func load(_ yaml: String) throws -> ServerConfiguration {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("driftwatch.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ServerConfiguration.load(file: path)
    }

    @Test(
        "durations longer than 100 years are refused, wherever they are configured",
        arguments: [
            "models: {default: {window: 106751991167d}}", "retention: 36501d", "evaluation: {interval: 9999999999999h}",
            "server: {idle_timeout: 106751991167d}", "alerts: {repeat_interval: 36501d}",
            "limits: {pending_label_horizon: 99999999999d}",
        ])
    func hugeDurations(yaml: String) throws {
        #expect(throws: ConfigurationError.self) { try load(yaml) }
        #expect(DurationText.milliseconds("36500d") == DurationText.maximumMilliseconds)
        #expect(DurationText.milliseconds("36501d") == nil)
        #expect(RuleDuration.parse("106751991167d") == nil)
    }

    @Test("the server and limits keys are read from the file")
    func newKeys() throws {
        let configuration = try load(
            """
            server: {idle_timeout: 90s, request_head_timeout: 5s, allowed_hosts: [Drift.Internal]}
            limits: {max_name_bytes: 128, max_pending_labels: 10, pending_label_horizon: 2d, max_reference_bytes: 1048576}
            """)
        #expect(configuration.idleTimeoutMilliseconds == 90_000)
        #expect(configuration.requestHeadTimeoutMilliseconds == 5_000)
        #expect(configuration.acceptedHostNames == ["drift.internal", "localhost"])
        #expect(configuration.limits.maxNameBytes == 128)
        #expect(configuration.limits.maxPendingLabels == 10)
        #expect(configuration.limits.pendingLabelHorizonMilliseconds == 2 * 86_400_000)
        #expect(configuration.limits.maxReferenceBytes == 1_048_576)
        #expect(throws: ConfigurationError.self) { try load("limits: {max_reference_bytes: 0}") }
        #expect(throws: ConfigurationError.self) { try load("server: {idle_timeout: 0s}") }
    }

    @Test("evaluation.state_save_interval: a duration, 0s allowed, 60s by default, passed to the evaluator")
    func stateSaveInterval() throws {
        #expect(ServerConfiguration().stateSaveIntervalMilliseconds == 60_000)
        let configuration = try load("evaluation: {interval: 5s, state_save_interval: 2m}")
        #expect(configuration.stateSaveIntervalMilliseconds == 120_000)
        #expect(try load("evaluation: {state_save_interval: 0s}").stateSaveIntervalMilliseconds == 0)
        for bad in ["-5s", "soon", "9999999999999h"] {
            #expect(throws: ConfigurationError.self) { try load("evaluation: {state_save_interval: \(bad)}") }
        }
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path())
        let service = try configuration.makeEvaluationService(store: store)
        #expect(service.windowStates.persistence?.saveIntervalMilliseconds == 120_000)
    }

    @Test("a Kubernetes service link in DRIFTWATCH_PORT is ignored; a bad number still refuses")
    func kubernetesServiceLink() throws {
        var configuration = ServerConfiguration()
        try configuration.applyEnvironment(["DRIFTWATCH_PORT": "tcp://10.96.0.12:8080"])
        #expect(configuration.port == 8080)
        try configuration.applyEnvironment(["DRIFTWATCH_PORT": "9090"])
        #expect(configuration.port == 9090)
        #expect(throws: ConfigurationError.self) { try configuration.applyEnvironment(["DRIFTWATCH_PORT": "80a"]) }
    }

    @Test("Alertmanager's endpoint is built from the URL's parts: path kept, query kept, fragment dropped")
    func alertmanagerURLs() throws {
        let cases: [(String, String)] = [
            ("http://am:9093", "http://am:9093/api/v2/alerts"),
            ("http://am:9093/", "http://am:9093/api/v2/alerts"),
            ("https://proxy.example.com/am/", "https://proxy.example.com/am/api/v2/alerts"),
            ("https://proxy.example.com/am?tenant=a&x=1", "https://proxy.example.com/am/api/v2/alerts?tenant=a&x=1"),
            ("https://proxy.example.com/am#frag", "https://proxy.example.com/am/api/v2/alerts"),
        ]
        for (base, expected) in cases {
            let url = try #require(URL(string: base))
            #expect(NotificationComposer.alertmanagerEndpoint(url).absoluteString == expected, "\(base)")
        }
    }
}
