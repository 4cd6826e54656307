import DriftAlerting
import DriftEvaluation
import Testing

/// Rules on the serving metrics: `throughput_per_second` reads the window's events over its length;
/// the latency percentiles load as model-level metrics and have no value until windows carry latency.
@Suite struct ServingMetricRuleTests {
    private func rule(_ metric: String) throws -> AlertRule {
        let set = try WindowFactory.rules(
            """
            receivers:
              - {name: oncall, kind: webhook, url: "http://127.0.0.1:9/hook"}
            rules:
              - {name: serving, metric: \(metric), op: "<", threshold: 1, receivers: [oncall]}
            """)
        return try #require(set.rules.first)
    }

    @Test("throughput_per_second is events per second of the window")
    func throughput() throws {
        let rule = try rule("throughput_per_second")
        #expect(rule.metric.scope == .model)
        let busy = MetricReader.value(of: rule, feature: nil, in: WindowFactory.window(0, psi: [:], count: 7_200))
        #expect(busy?.value == 2)
        let silent = MetricReader.value(of: rule, feature: nil, in: WindowFactory.window(1, psi: [:], count: 0))
        #expect(silent?.value == 0)
    }

    @Test("latency rules load as model-level rules", arguments: ["latency_p50", "latency_p90", "latency_p99"])
    func latency(metric: String) throws {
        let rule = try rule(metric)
        #expect(rule.metric.rawValue == metric && rule.metric.scope == .model)
        #expect(MetricReader.value(of: rule, feature: nil, in: WindowFactory.window(0, psi: [:])) == nil)
    }
}
