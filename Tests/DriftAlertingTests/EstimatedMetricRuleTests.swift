import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftStats
import Foundation
import Testing

/// Rules on estimated performance (`estimated_accuracy`, …): they read `estimated_performance`, need no
/// labels, and with `baseline: reference` compare with the realised metric on the reference.
@Suite("Estimated performance rules")
struct EstimatedMetricRuleTests {
    static let ruleText = """
        receivers:
          - {name: oncall, kind: webhook, url: "http://127.0.0.1:9/hook"}
        rules:
          - name: estimated-accuracy-drop
            metric: estimated_accuracy
            op: "<"
            threshold: -0.05
            baseline: reference
            receivers: [oncall]
          - name: estimated-auc-floor
            metric: estimated_roc_auc
            op: "<"
            threshold: 0.7
            receivers: [oncall]
        """

    /// A window without a single label whose estimate is `accuracy` over `count` events.
    static func window(_ index: Int, accuracy: Double, rocAUC: Double? = 0.8, count: Int = 500) -> WindowResult {
        var window = WindowFactory.window(index, psi: ["a": 0.01], count: count, labelled: 0, referenceAccuracy: 0.9)
        window.statistics.estimatedPerformance = EstimatedPerformance(
            accuracy: accuracy, precision: accuracy, recall: accuracy, f1: accuracy, rocAUC: rocAUC, count: count)
        return window
    }

    static func rule(_ name: String) throws -> AlertRule {
        try #require(try WindowFactory.rules(ruleText).rules.first { $0.name == name })
    }

    @Test("every estimated metric is a model-level performance metric that estimates a realised one")
    func metricsAreKnown() {
        let estimated = AlertMetric.allCases.filter { $0.estimated != nil }
        #expect(Set(estimated.map(\.rawValue)) == Set(EstimatedPerformance.metricNames.map { "estimated_\($0)" }))
        for metric in estimated {
            #expect(metric.scope == .model)
            #expect(metric.isPerformance)
            #expect(metric.rawValue == "estimated_" + (metric.estimated?.rawValue ?? "?"))
        }
    }

    @Test("with baseline: reference, the value is the estimate minus the reference's realised value")
    func baselineIsTheReferenceRealisedValue() throws {
        let rule = try Self.rule("estimated-accuracy-drop")
        let window = Self.window(0, accuracy: 0.8)
        let read = try #require(MetricReader.value(of: rule, feature: nil, in: window))
        let reference = try #require(window.statistics.referencePerformance?.values["accuracy"])
        #expect(read.baseline == reference)
        #expect(read.value == 0.8 - reference)
    }

    @Test("an estimate needs min_samples events but no labels; a window without one has no value")
    func needsEventsNotLabels() throws {
        let rule = try Self.rule("estimated-auc-floor")
        #expect(MetricReader.value(of: rule, feature: nil, in: Self.window(0, accuracy: 0.8))?.value == 0.8)
        #expect(MetricReader.value(of: rule, feature: nil, in: Self.window(0, accuracy: 0.8, count: 99)) == nil)
        #expect(MetricReader.value(of: rule, feature: nil, in: Self.window(0, accuracy: 0.8, rocAUC: nil)) == nil)
        #expect(MetricReader.value(of: rule, feature: nil, in: WindowFactory.window(0, psi: ["a": 0.01])) == nil)
    }

    @Test("the estimated-accuracy rule fires on an unlabelled window and not on a healthy one")
    func firesWithoutLabels() throws {
        let rules = try WindowFactory.rules(Self.ruleText).rules
        let outcome = AlertEngine.evaluate(
            model: "churn", rules: rules,
            windows: [Self.window(0, accuracy: 0.88), Self.window(1, accuracy: 0.8)], states: [:],
            now: WindowFactory.origin + 2 * WindowFactory.hour, repeatIntervalMilliseconds: 4 * WindowFactory.hour)
        let fired = outcome.groups.filter { $0.rule.name == "estimated-accuracy-drop" }
        #expect(fired.map(\.status) == [.firing])
        #expect(fired.first?.windowStart == Self.window(1, accuracy: 0.8).start)
        #expect(!outcome.groups.contains { $0.rule.name == "estimated-auc-floor" })
    }

    @Test("check-config refuses a feature on an estimated metric and accepts its baseline")
    func parsing() throws {
        let receivers = "receivers:\n  - {name: oncall, kind: webhook, url: \"http://127.0.0.1:9/hook\"}\n"
        let withFeature = receivers + """
            rules:
              - {name: bad, metric: estimated_f1, feature: "*", op: "<", threshold: 0.5, receivers: [oncall]}
            """
        do {
            _ = try WindowFactory.rules(withFeature)
            Issue.record("a feature glob on a model-level estimated metric was accepted")
        } catch {
            #expect("\(error)".contains("'feature' does not apply"), "\(error)")
        }
        let withBaseline = receivers + """
            rules:
              - {name: good, metric: estimated_recall, op: "<", threshold: -0.1, baseline: reference, receivers: [oncall]}
            """
        let rule = try #require(try WindowFactory.rules(withBaseline).rules.first)
        #expect(rule.metric == .estimatedRecall)
        #expect(rule.baseline == .reference)
    }
}
