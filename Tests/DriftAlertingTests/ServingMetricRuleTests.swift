import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftStats
import Testing

/// Rules on serving metrics read the window's latency percentiles and throughput.
@Suite struct ServingMetricRuleTests {
    static let rules = """
        receivers:
          - {name: oncall, kind: webhook, url: "http://127.0.0.1:9/hook"}
        rules:
          - {name: slow, metric: latency_p99, op: ">", threshold: 250, receivers: [oncall]}
          - {name: busy, metric: throughput_per_second, op: ">", threshold: 1, receivers: [oncall]}
        """

    private func window(_ index: Int, p99: Double?, count: Int) -> WindowResult {
        var window = WindowFactory.window(index, psi: [:], count: count)
        window.statistics.latency = p99.map { LatencySummary(count: count, mean: $0 / 2, p50: $0 / 3, p90: $0 / 2, p99: $0, max: $0) }
        return window
    }

    @Test func latencyAndThroughputRulesFireOnTheirWindowValues() throws {
        let set = try WindowFactory.rules(Self.rules)
        let fast = AlertEngine.evaluate(
            model: "loans", rules: set.rules, windows: [window(0, p99: 120, count: 1_800)], states: [:],
            now: WindowFactory.origin + WindowFactory.hour, repeatIntervalMilliseconds: 3_600_000)
        #expect(fast.changedStates.contains { $0.key.rule == "slow" && $0.status == .inactive })
        let slow = AlertEngine.evaluate(
            model: "loans", rules: set.rules, windows: [window(0, p99: 480, count: 7_200)], states: [:],
            now: WindowFactory.origin + WindowFactory.hour, repeatIntervalMilliseconds: 3_600_000)
        let fired = slow.changedStates.first { $0.key.rule == "slow" }
        #expect(fired?.status == .firing)
        #expect(fired?.value == 480)
        #expect(slow.changedStates.contains { $0.key.rule == "busy" && $0.status == .firing }, "7,200 events an hour is 2/s")
        // Without latencies the rule has no value and nothing changes for it.
        let silent = AlertEngine.evaluate(
            model: "loans", rules: set.rules, windows: [window(0, p99: nil, count: 500)], states: [:],
            now: WindowFactory.origin + WindowFactory.hour, repeatIntervalMilliseconds: 3_600_000)
        #expect(!silent.changedStates.contains { $0.key.rule == "slow" })
    }
}
