import Testing

@testable import DriftStats

/// Calibration and CBPE by construction: cases small enough to work out by hand, and properties.
@Suite("Estimated performance")
struct EstimatedPerformanceTests {
    @Test("pool-adjacent-violators merges a decreasing pair into its weighted mean")
    func poolsViolators() throws {
        // Means by score: 1, 0, 1, 1 → the first two pool to ½.
        let fit = try #require(IsotonicCalibration.fit(scores: [1, 2, 3, 4], labels: [true, false, true, true]))
        #expect([1.0, 2, 3, 4].map { fit($0) } == [0.5, 0.5, 1, 1])
    }

    @Test("equal scores are pooled before fitting, weighted by their count")
    func poolsTies() throws {
        // Score 1 twice (mean ½, weight 2) then score 2 once (0): pooled to (0 + 1 + 0)/3.
        let fit = try #require(IsotonicCalibration.fit(scores: [1, 1, 2], labels: [true, false, false]))
        #expect(fit(1) == 1.0 / 3)
        #expect(fit(2) == 1.0 / 3)
    }

    @Test("between fitted points the map interpolates linearly; outside it clips")
    func interpolatesAndClips() throws {
        let fit = try #require(IsotonicCalibration.fit(scores: [0.2, 0.6], labels: [false, true]))
        #expect(abs(fit(0.4) - 0.5) <= 1e-15)
        #expect(abs(fit(0.3) - 0.25) <= 1e-15)
        #expect(fit(-5) == 0)
        #expect(fit(5) == 1)
        #expect(fit(.nan).isNaN)
    }

    @Test("the fit is non-decreasing and keeps no interior point of a flat run")
    func monotoneAndCompact() throws {
        var generator = SplitMix64(seed: 12)
        let scores = (0..<2_000).map { _ in Double(generator.next() % 1_000) / 1_000 }
        let labels = scores.map { score in Double(generator.next() % 1_000) / 1_000 < score * score }
        let fit = try #require(IsotonicCalibration.fit(scores: scores, labels: labels))
        #expect(zip(fit.values, fit.values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(fit.thresholds.count < Set(scores).count)
        for index in fit.values.indices.dropFirst().dropLast() {
            #expect(!(fit.values[index - 1] == fit.values[index] && fit.values[index] == fit.values[index + 1]))
        }
        let probe = stride(from: -0.1, through: 1.1, by: 0.001).map { fit($0) }
        #expect(zip(probe, probe.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("calibration is skipped for one class or separable scores, and absent without labels")
    func skipped() {
        #expect(ScoreCalibration.fit(scores: [0.1, 0.8], labels: [true, true]) == .identity(.oneClass))
        #expect(ScoreCalibration.fit(scores: [0.1, 0.8], labels: [false, true]) == .identity(.separable))
        #expect(ScoreCalibration.fit(scores: [0.1, .nan], labels: [nil, true]) == nil)
        if case .isotonic = ScoreCalibration.fit(scores: [0.1, 0.5, 0.8], labels: [false, true, false]) {
        } else {
            Issue.record("a reference with overlapping classes is calibrated")
        }
    }

    @Test("with probabilities as scores, the expected confusion matrix is worked out by hand")
    func handWorked() throws {
        var accumulator = EstimatedPerformanceAccumulator(calibration: .identity(.separable))
        // Predicted positive at 0.75 and 0.5; predicted negative at 0.25 and 0.
        for (score, positive) in [(0.75, true), (0.5, true), (0.25, false), (0.0, false)] {
            accumulator.add(score: score, predictedPositive: positive)
        }
        accumulator.add(score: .nan, predictedPositive: true)
        let estimate = try #require(accumulator.estimate())
        // TP = 1.25, FP = 0.75, FN = 0.25, TN = 1.75.
        #expect(estimate.count == 4)
        #expect(estimate.accuracy == 3.0 / 4)
        #expect(estimate.precision == 1.25 / 2)
        #expect(estimate.recall == 1.25 / 1.5)
        #expect(estimate.f1 == 1.25 / (1.25 + 0.5))
        // Curve: (0,0) → (0.25/2.5, 0.75/1.5) → (0.75/2.5, 1.25/1.5) → (1.5/2.5, 1.5/1.5) → (1, 1).
        let expectedAUC = 0.1 * 0.25 + 0.2 * (0.5 + 1.25 / 1.5) / 2 + 0.3 * (1.25 / 1.5 + 1) / 2 + 0.4
        let auc = try #require(estimate.rocAUC)
        #expect(abs(auc - expectedAUC) <= 1e-12)
    }

    @Test("undefined ratios are 0 and an undefined ROC AUC is absent")
    func edgeCases() throws {
        var accumulator = EstimatedPerformanceAccumulator(calibration: .identity(.oneClass))
        #expect(accumulator.estimate() == nil)
        accumulator.add(score: 0, predictedPositive: false)
        accumulator.add(score: 0, predictedPositive: false)
        let estimate = try #require(accumulator.estimate())
        #expect(estimate.accuracy == 1)
        #expect(estimate.precision == 0)
        #expect(estimate.recall == 0)
        #expect(estimate.f1 == 0)
        #expect(estimate.rocAUC == nil)
    }

    @Test("the estimate does not depend on the order of the events")
    func permutationInvariant() throws {
        var generator = SplitMix64(seed: 3)
        let calibration = try #require(
            ScoreCalibration.fit(
                scores: (0..<500).map { Double($0) / 500 }, labels: (0..<500).map { _ in generator.next() % 3 == 0 }))
        let events = (0..<1_000).map { _ in (Double(generator.next() % 10_000) / 10_000, generator.next() % 2 == 0) }
        var forward = EstimatedPerformanceAccumulator(calibration: calibration)
        var backward = EstimatedPerformanceAccumulator(calibration: calibration)
        for event in events { forward.add(score: event.0, predictedPositive: event.1) }
        for event in events.reversed() { backward.add(score: event.0, predictedPositive: event.1) }
        let a = try #require(forward.estimate()), b = try #require(backward.estimate())
        #expect(abs(a.accuracy - b.accuracy) <= 1e-12)
        #expect(abs(a.f1 - b.f1) <= 1e-12)
        let aucA = try #require(a.rocAUC), aucB = try #require(b.rocAUC)
        #expect(abs(aucA - aucB) <= 1e-9)
    }
}
