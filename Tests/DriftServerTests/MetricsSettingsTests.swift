import DriftCore
import DriftServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `metrics.feature_gauges` and `metrics.max_features` on a live server, and their configuration.
@Suite("Per-feature gauges: bounded and switchable")
struct MetricsSettingsTests {
    /// Uploads a reference, sends 150 events in 2026-01-05T00:00–01:00 and waits (bounded) until the loop
    /// exported the model's window gauges; returns the exposition.
    private func scrapeAfterEvaluation(_ configure: @escaping (inout ServerConfiguration) -> Void) async throws
        -> String
    {
        let text = Locked("")
        try await withLiveServer(
            configure: {
                configure(&$0)
                $0.evaluationIntervalMilliseconds = 100
            }, now: fixedNow
        ) {
            client, _ in
            try await client.uploadReference("fraud")
            let events = (0..<150).map { index in
                eventJSON("m\(index)", timestamp: "2026-01-05T00:\(String(format: "%02d", index % 60)):00Z")
            }
            #expect(
                try await client.postJSON("/v1/models/fraud/events", "[\(events.joined(separator: ","))]").status
                    == .accepted)
            var metrics = ""
            for _ in 0..<100 where !metrics.contains("driftwatch_model_window_events{") {
                metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                try await Task.sleep(for: .milliseconds(100))
            }
            text.withLock { $0 = metrics }
        }
        return text.withLock { $0 }
    }

    @Test("with feature_gauges off, the model's gauges are exported and no feature's")
    func off() async throws {
        let metrics = try await scrapeAfterEvaluation { $0.metrics.featureGauges = false }
        #expect(metrics.contains(#"driftwatch_model_window_events{model="fraud"}"#))
        #expect(!metrics.contains("driftwatch_feature_psi{"))
    }

    @Test("max_features keeps the first features by name")
    func capped() async throws {
        let metrics = try await scrapeAfterEvaluation { $0.metrics.maxFeatures = 1 }
        // The reference's features are age, amount and channel: only age is exported.
        #expect(metrics.contains(#"driftwatch_feature_psi{model="fraud",feature="age"}"#))
        #expect(!metrics.contains(#"feature="amount""#) && !metrics.contains(#"feature="channel""#))
    }

    @Test("the keys are read from the file and the environment, and checked")
    func configuration() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "metrics: {feature_gauges: false, max_features: 20}\n".write(to: file, atomically: true, encoding: .utf8)
        var settings = try ServerConfiguration.load(file: file.path)
        #expect(settings.metrics == MetricsSettings(featureGauges: false, maxFeatures: 20))
        try settings.applyEnvironment(["DRIFTWATCH_METRICS_FEATURE_GAUGES": "true"])
        #expect(settings.metrics.featureGauges)
        #expect(throws: ConfigurationError.self) {
            try settings.applyEnvironment(["DRIFTWATCH_METRICS_FEATURE_GAUGES": "sometimes"])
        }
        try "metrics: {max_features: -1}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(file: file.path) }
    }
}
