import DriftCore
import DriftEvaluation
import DriftStats
import Testing

@Suite("Model status rule")
struct StatusRuleTests {
    private let rule = StatusRule()
    private let reference = PerformanceMetrics.binary(
        BinaryMetrics(accuracy: 0.9, precision: 0.9, recall: 0.9, f1: 0.9, rocAUC: nil, logLoss: nil, count: 100))

    private func window(
        _ slot: Int64, share: Double, accuracy: Double? = nil, labelled: Int = 50, partial: Bool = false,
        regression: (rmse: Double, reference: Double)? = nil, events: Int = 100
    ) -> WindowResult {
        var performance: PerformanceMetrics?
        var baseline: PerformanceMetrics? = reference
        if let accuracy {
            performance = .binary(
                BinaryMetrics(
                    accuracy: accuracy, precision: 0, recall: 0, f1: 0, rocAUC: nil, logLoss: nil, count: labelled))
        }
        if let regression {
            performance = .regression(
                RegressionMetrics(mae: 0, rmse: regression.rmse, mape: 0, bias: 0, count: labelled))
            baseline = .regression(RegressionMetrics(mae: 0, rmse: regression.reference, mape: 0, bias: 0, count: 100))
        }
        return WindowResult(
            start: slot * 3_600_000, end: (slot + 1) * 3_600_000, partial: partial, referenceVersion: 1, evaluatedAt: 0,
            evaluations: 1,
            statistics: WindowStatistics(
                count: events, labelled: labelled, labelCoverage: 0.5, driftedFeatureShare: share, driftMethod: .psi,
                driftThreshold: 0.2, minSamples: 100, features: [:], prediction: nil, performance: performance,
                referencePerformance: baseline))
    }

    @Test("no evaluated window means no data")
    func noData() {
        #expect(rule.assess(windows: []).status == .noData)
    }

    @Test("ok below the drifted share and within the accuracy margin")
    func ok() {
        #expect(rule.assess(windows: [window(0, share: 0.29, accuracy: 0.86)]).status == .ok)
    }

    @Test("drifting at a drifted-feature share of 0.3 in the latest complete window; a partial window does not count")
    func drifting() {
        #expect(rule.assess(windows: [window(0, share: 0.3)]).status == .drifting)
        #expect(rule.assess(windows: [window(0, share: 0.1), window(1, share: 0.9, partial: true)]).status == .ok)
        #expect(
            rule.assess(windows: [window(0, share: 0.5), window(1, share: 0.0, partial: true)]).status == .drifting)
    }

    @Test("a firing alert makes a model drifting")
    func firingAlert() {
        let assessment = rule.assess(windows: [window(0, share: 0)], firingAlerts: ["psi-high · age"])
        #expect(assessment.status == .drifting)
        #expect(assessment.reason == .firing(["psi-high · age"]))
    }

    @Test("degraded when accuracy falls more than 0.05 below the reference, and it wins over drifting")
    func degraded() {
        #expect(rule.assess(windows: [window(0, share: 0, accuracy: 0.85)]).status == .ok, "exactly at the margin")
        let assessment = rule.assess(windows: [window(0, share: 0.8, accuracy: 0.84)])
        #expect(assessment.status == .degraded)
        #expect(
            assessment.reason
                == .accuracyBelow(accuracy: 0.84, baseline: 0.9, margin: 0.05, windowStart: 0, labelled: 50))
    }

    @Test("windows with too few labels are passed over when looking for the latest performance")
    func fewLabels() {
        let windows = [window(0, share: 0, accuracy: 0.88), window(1, share: 0, accuracy: 0.5, labelled: 5)]
        #expect(rule.assess(windows: windows).status == .ok)
        let degraded = [window(0, share: 0, accuracy: 0.7), window(1, share: 0, accuracy: 0.95, labelled: 5)]
        #expect(rule.assess(windows: degraded).status == .degraded)
    }

    @Test("regression is degraded when RMSE grows more than 20 % over the reference")
    func regression() {
        #expect(rule.assess(windows: [window(0, share: 0, regression: (1.2, 1.0))]).status == .ok)
        #expect(rule.assess(windows: [window(0, share: 0, regression: (1.21, 1.0))]).status == .degraded)
    }

    @Test("a model whose traffic stopped is no_traffic, and silence wins over degraded and drifting")
    func silence() {
        let silent = [
            window(0, share: 0.9, accuracy: 0.5), window(1, share: 0, events: 0),
            window(2, share: 0, partial: true, events: 0),
        ]
        let assessment = rule.assess(windows: silent)
        #expect(assessment.status == .noTraffic)
        #expect(assessment.reason == .silent(windowStart: 3_600_000))
        #expect(rule.assess(windows: [window(0, share: 0, events: 0)]).status == .ok, "never any traffic")
        #expect(
            rule.assess(windows: [window(0, share: 0, events: 0)], storedEvents: 5).status == .noTraffic,
            "traffic before the windows in view")
        #expect(
            rule.assess(windows: [window(0, share: 0, events: 0), window(1, share: 0.5)]).status == .drifting,
            "traffic is back")
        #expect(
            rule.assess(windows: [window(0, share: 0), window(1, share: 0, partial: true, events: 0)]).status == .ok,
            "an open window without events yet is not silence")
    }

    @Test("windows before the lookback are ignored")
    func lookback() {
        let short = StatusRule(lookbackWindows: 3)
        let windows = [window(0, share: 0, accuracy: 0.5), window(3, share: 0), window(4, share: 0)]
        #expect(StatusRule(lookbackWindows: 5).assess(windows: windows).status == .degraded)
        #expect(short.assess(windows: windows).status == .ok)
    }

    @Test("statuses sort problems first and read as the API spells them")
    func order() {
        #expect(ModelStatus.problemsFirst == [.degraded, .drifting, .noTraffic, .ok, .noData])
        #expect(ModelStatus.allCases.map(\.rawValue) == ["no_data", "no_traffic", "degraded", "drifting", "ok"])
        #expect(ModelStatus.noTraffic.label == "no traffic")
    }
}
