import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

/// Builds evaluated windows by hand: one hour each, features with given PSI values.
enum WindowFactory {
    static let hour: Int64 = 3_600_000
    static let origin: Int64 = 1_767_571_200_000  // 2026-01-05T00:00:00Z

    static func window(
        _ index: Int, psi: [String: Double], count: Int = 500, labelled: Int = 0, accuracy: Double? = nil,
        referenceAccuracy: Double? = 0.9, partial: Bool = false
    ) -> WindowResult {
        var features: [String: FeatureResult] = [:]
        for (name, value) in psi {
            features[name] = FeatureResult(
                type: .numeric, count: count, missing: 0, missingRate: 0, psi: value, drift: value >= 0.2)
        }
        let drifted = Double(features.values.filter { $0.drift == true }.count) / Double(max(1, features.count))
        let performance = accuracy.map {
            PerformanceMetrics.binary(
                BinaryMetrics(accuracy: $0, precision: $0, recall: $0, f1: $0, rocAUC: nil, logLoss: nil, count: labelled))
        }
        let reference = referenceAccuracy.map {
            PerformanceMetrics.binary(
                BinaryMetrics(accuracy: $0, precision: $0, recall: $0, f1: $0, rocAUC: nil, logLoss: nil, count: 5000))
        }
        let statistics = WindowStatistics(
            count: count, labelled: labelled, labelCoverage: Double(labelled) / Double(max(1, count)),
            driftedFeatureShare: drifted, driftMethod: .psi, driftThreshold: 0.2, minSamples: 100, features: features,
            prediction: nil, performance: performance, referencePerformance: reference)
        let start = origin + Int64(index) * hour
        return WindowResult(
            start: start, end: start + hour, partial: partial, referenceVersion: 1, evaluatedAt: start + hour + 300_000,
            evaluations: 1, statistics: statistics)
    }

    static func rules(_ yaml: String) throws -> RuleSet {
        try RuleLoader.load(files: [RuleFile(path: "test.yaml", text: yaml)])
    }
}

@Suite struct AlertEngineTests {
    static let ruleText = """
        receivers:
          - {name: oncall, kind: webhook, url: "http://127.0.0.1:9/hook", send_resolved: true}
          - {name: quiet, kind: webhook, url: "http://127.0.0.1:9/quiet", send_resolved: false}
          - {name: retrain, kind: retrain, url: "http://127.0.0.1:9/retrain", retrain_cooldown: 24h}
          - {name: am, kind: alertmanager, url: "http://127.0.0.1:9093/"}
        rules:
          - name: feature-drift
            model: "loan-*"
            metric: psi
            op: ">="
            threshold: 0.2
            for: 2
            annotations: {summary: "{{feature}} drifted on {{model}}: PSI {{value}} >= {{threshold}}"}
            receivers: [oncall, quiet, am]
          - name: accuracy-drop
            metric: accuracy
            op: "<"
            threshold: -0.05
            baseline: reference
            receivers: [oncall]
          - name: sustained
            metric: drifted_feature_share
            op: ">="
            threshold: 0.5
            for: 2
            receivers: [retrain]
        """

    func run(_ windows: [WindowResult], states: [AlertKey: AlertState] = [:], model: String = "loan-default", now: Int64)
        throws -> AlertEvaluation
    {
        AlertEngine.evaluate(
            model: model, rules: try WindowFactory.rules(Self.ruleText).rules, windows: windows, states: states, now: now,
            repeatIntervalMilliseconds: 4 * WindowFactory.hour)
    }

    @Test func featuresThatFireOnTheSameWindowShareOneNotification() throws {
        let windows = [
            WindowFactory.window(0, psi: ["a": 0.3, "b": 0.25, "c": 0.01]),
            WindowFactory.window(1, psi: ["a": 0.4, "b": 0.5, "c": 0.02]),
        ]
        let outcome = try run(windows, now: WindowFactory.origin + 2 * WindowFactory.hour)
        let drift = outcome.groups.filter { $0.rule.name == "feature-drift" }
        try #require(drift.count == 1)
        #expect(drift[0].alerts.map(\.key.feature) == ["a", "b"])
        #expect(drift[0].status == .firing)
        #expect(drift[0].windowStart == windows[1].start)
        #expect(drift[0].alerts[0].breachStart == windows[0].start)
        let pending = outcome.transitions.filter { $0.status == .pending && $0.key.rule == "feature-drift" }.map(\.key.feature)
        #expect(pending == ["a", "b"])
        // c consumed both windows without breaching: stored inactive, so it is not fed them again.
        #expect(outcome.changedStates.contains { $0.key.feature == "c" && $0.status == .inactive })
    }

    @Test func rulesForOtherModelsAreSkipped() throws {
        let windows = [WindowFactory.window(0, psi: ["a": 0.9]), WindowFactory.window(1, psi: ["a": 0.9])]
        // The same windows fire the rule on a model its `model: "loan-*"` matches…
        let matching = try run(windows, model: "loan-default", now: WindowFactory.origin)
        #expect(matching.changedStates.contains { $0.key.rule == "feature-drift" && $0.status == .firing })
        // …and leave it untouched on one it does not.
        let other = try run(windows, model: "fraud", now: WindowFactory.origin)
        #expect(!other.changedStates.contains { $0.key.rule == "feature-drift" })
        #expect(other.groups.allSatisfy { $0.rule.name != "feature-drift" })
    }

    @Test func partialWindowsAreNotConsumed() throws {
        // A closed window with the same values makes the feature pending…
        let closed = try run([WindowFactory.window(0, psi: ["a": 0.9])], now: WindowFactory.origin)
        #expect(closed.changedStates.contains { $0.key.feature == "a" && $0.status == .pending })
        // …while the partial one is not consumed at all.
        let outcome = try run([WindowFactory.window(0, psi: ["a": 0.9], partial: true)], now: WindowFactory.origin)
        #expect(outcome.changedStates.isEmpty)
        #expect(outcome.transitions.isEmpty)
    }

    @Test func resolvedFollowsAndRepeatsComeAfterTheInterval() throws {
        var states: [AlertKey: AlertState] = [:]
        let fired = try run(
            [WindowFactory.window(0, psi: ["a": 0.3]), WindowFactory.window(1, psi: ["a": 0.3])],
            now: WindowFactory.origin + 2 * WindowFactory.hour)
        for state in fired.changedStates { states[state.key] = state }
        // Three hours later nothing new: no repeat yet; five hours later: a repeat of the firing alert.
        let early = try run([], states: states, now: WindowFactory.origin + 5 * WindowFactory.hour)
        #expect(early.groups.isEmpty)
        let late = try run([], states: states, now: WindowFactory.origin + 6 * WindowFactory.hour)
        let repeated = try #require(late.groups.first { $0.rule.name == "feature-drift" })
        #expect(repeated.isRepeat)
        #expect(repeated.alerts.map(\.key.feature) == ["a"])
        for state in late.changedStates { states[state.key] = state }
        let resolved = try run(
            [WindowFactory.window(2, psi: ["a": 0.01])], states: states, now: WindowFactory.origin + 7 * WindowFactory.hour)
        let group = try #require(resolved.groups.first { $0.rule.name == "feature-drift" })
        #expect(group.status == .resolved)
        #expect(group.alerts[0].endsAt == WindowFactory.origin + 7 * WindowFactory.hour)
    }

    @Test func aRepeatListsOnlyAlertsNotJustNotified() throws {
        var states: [AlertKey: AlertState] = [:]
        for state in try run(
            [WindowFactory.window(0, psi: ["a": 0.3, "b": 0.0]), WindowFactory.window(1, psi: ["a": 0.3, "b": 0.0])],
            now: WindowFactory.origin + 2 * WindowFactory.hour
        ).changedStates {
            states[state.key] = state
        }
        // Five hours later b fires while a's repeat is due: b's notification, then a repeat of a alone.
        let outcome = try run(
            [WindowFactory.window(2, psi: ["a": 0.3, "b": 0.4]), WindowFactory.window(3, psi: ["a": 0.3, "b": 0.4])],
            states: states, now: WindowFactory.origin + 7 * WindowFactory.hour)
        let groups = outcome.groups.filter { $0.rule.name == "feature-drift" }
        #expect(groups.map(\.isRepeat) == [false, true])
        #expect(groups.first?.alerts.map(\.key.feature) == ["b"])
        #expect(groups.last?.alerts.map(\.key.feature) == ["a"])
        #expect(groups.last?.alerts.first?.windowEnd == WindowFactory.origin + 4 * WindowFactory.hour)
    }

    @Test func accuracyIsComparedWithTheReferenceOnceEnoughLabelsArrived() throws {
        // 50 labels (< min_samples 100): no value yet; the re-evaluated window with 400 labels fires.
        let unlabelled = WindowFactory.window(0, psi: [:], labelled: 50, accuracy: 0.7)
        let first = try run([unlabelled], now: WindowFactory.origin)
        #expect(!first.changedStates.contains { $0.key.rule == "accuracy-drop" })
        let labelled = WindowFactory.window(0, psi: [:], labelled: 400, accuracy: 0.8)
        let second = try run([labelled], now: WindowFactory.origin)
        let group = try #require(second.groups.first { $0.rule.name == "accuracy-drop" })
        #expect(abs(group.alerts[0].value - (0.8 - 0.9)) < 1e-12)
        #expect(group.alerts[0].baseline == 0.9)
    }

    @Test func composerFollowsEachReceiversKind() throws {
        let set = try WindowFactory.rules(Self.ruleText)
        let windows = [
            WindowFactory.window(0, psi: ["a": 0.3, "b": 0.3]), WindowFactory.window(1, psi: ["a": 0.3, "b": 0.01]),
        ]
        let outcome = try run(windows, now: WindowFactory.origin + 2 * WindowFactory.hour)
        let composer = NotificationComposer(
            settings: AlertingSettings(
                externalURL: "http://driftwatch.example:8080/", dashboardURL: "https://dash.example/site",
                now: { WindowFactory.origin }))
        let drift = try #require(outcome.groups.first { $0.rule.name == "feature-drift" })
        let webhook = try #require(composer.outboxRecord(for: drift, receiver: set.receiver(named: "oncall")!, enqueuedAt: 7))
        let payload = try JSONSerialization.jsonObject(with: Data(webhook.body.utf8)) as! [String: Any]
        #expect(payload["version"] as? String == "4")
        #expect(payload["status"] as? String == "firing")
        #expect(payload["externalURL"] as? String == "http://driftwatch.example:8080")
        let alerts = payload["alerts"] as! [[String: Any]]
        #expect(alerts.count == 1)
        let labels = alerts[0]["labels"] as! [String: String]
        #expect(labels == ["alertname": "feature-drift", "model": "loan-default", "feature": "a", "metric": "psi", "severity": "warning"])
        let annotations = alerts[0]["annotations"] as! [String: String]
        #expect(annotations["summary"] == "a drifted on loan-default: PSI 0.3 >= 0.2")
        #expect(annotations["dashboard"] == "https://dash.example/site/models/loan-default/index.html")
        #expect(alerts[0]["endsAt"] as? String == "0001-01-01T00:00:00Z")
        #expect(webhook.webhookID.hasPrefix("msg_"))
        // The same group composes to the same bytes and id (retries and re-runs are idempotent).
        #expect(composer.outboxRecord(for: drift, receiver: set.receiver(named: "oncall")!, enqueuedAt: 8)?.webhookID == webhook.webhookID)

        let manager = try #require(composer.outboxRecord(for: drift, receiver: set.receiver(named: "am")!, enqueuedAt: 7))
        #expect(manager.url == "http://127.0.0.1:9093/api/v2/alerts")
        let postable = try JSONSerialization.jsonObject(with: Data(manager.body.utf8)) as! [[String: Any]]
        #expect(postable.count == 1)
        #expect((postable[0]["labels"] as? [String: String])?["alertname"] == "feature-drift")
    }

    @Test func sendResolvedFalseDropsResolvedOnlyGroups() throws {
        let set = try WindowFactory.rules(Self.ruleText)
        let composer = NotificationComposer(settings: AlertingSettings(now: { 0 }))
        var states: [AlertKey: AlertState] = [:]
        for state in try run(
            [WindowFactory.window(0, psi: ["a": 0.3]), WindowFactory.window(1, psi: ["a": 0.3])], now: 1
        ).changedStates {
            states[state.key] = state
        }
        let resolved = try run([WindowFactory.window(2, psi: ["a": 0.0])], states: states, now: 2)
        let group = try #require(resolved.groups.first)
        #expect(composer.outboxRecord(for: group, receiver: set.receiver(named: "quiet")!, enqueuedAt: 0) == nil)
        #expect(composer.outboxRecord(for: group, receiver: set.receiver(named: "oncall")!, enqueuedAt: 0)?.status == "resolved")
    }

    @Test func retrainPayloadNamesTheDataToTrainOn() throws {
        let set = try WindowFactory.rules(Self.ruleText)
        let windows = [
            WindowFactory.window(0, psi: ["a": 0.3, "b": 0.6]), WindowFactory.window(1, psi: ["a": 0.35, "b": 0.7]),
        ]
        let outcome = try run(windows, now: WindowFactory.origin + 2 * WindowFactory.hour)
        let group = try #require(outcome.groups.first { $0.rule.name == "sustained" })
        let composer = NotificationComposer(settings: AlertingSettings(now: { 0 }))
        let record = try #require(composer.outboxRecord(for: group, receiver: set.receiver(named: "retrain")!, enqueuedAt: 0))
        let payload = try JSONSerialization.jsonObject(with: Data(record.body.utf8)) as! [String: Any]
        let retrain = payload["retrain"] as! [String: Any]
        #expect(retrain["model"] as? String == "loan-default")
        #expect(retrain["reference_version"] as? Int == 1)
        #expect((retrain["drifted_features"] as! [[String: Any]]).map { $0["name"] as! String } == ["a", "b"])
        let range = retrain["suggested_training_data"] as! [String: String]
        #expect(range["from"] == RFC3339.string(milliseconds: windows[0].start))
        #expect(range["to"] == RFC3339.string(milliseconds: windows[1].end))
        #expect(retrain["cooldown_seconds"] as? Int == 86_400)
    }
}
