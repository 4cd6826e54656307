import Foundation
import Testing
@testable import DriftStats

/// Performance metrics against `shared/golden/metrics.json` (numpy 2.4.6 / scipy 1.17.1, from the
/// definitions in STATISTICS.md "Performance metrics"; tolerance 1e-12 relative, as specified
/// there), plus properties and edge cases.
@Suite("Performance metrics")
struct PerformanceMetricsTests {
    /// STATISTICS.md: performance metrics agree with the golden values to 1e-12 relative.
    static let tolerance = 1e-12

    // MARK: Golden file

    @Test("every golden case agrees within 1e-12 relative")
    func goldenCases() throws {
        let cases = try #require(try loadGolden("metrics.json")["cases"] as? [[String: Any]])
        #expect(Set(cases.compactMap { $0["task"] as? String }) == ["binary", "multiclass", "regression"])
        for golden in cases {
            let name = golden["name"] as? String ?? "?"
            let expected = try #require(golden["expected"] as? [String: Double], "case \(name): expected")
            let metrics = try #require(try GoldenCase(golden).metrics(), "case \(name): no metrics")
            let actual = metrics.values
            #expect(Set(actual.keys) == Set(expected.keys), "case \(name): metric names")
            for (metric, value) in expected {
                let computed = try #require(actual[metric], "case \(name): \(metric) missing")
                #expect(
                    Self.isClose(computed, value),
                    "case \(name): \(metric) = \(computed), golden \(value), relative error \(Self.relativeError(computed, value))")
            }
            #expect(metrics.count == golden["labels"].map { ($0 as? [Any])?.count ?? -1 })
        }
    }

    @Test("metrics are identical under seeded permutations of the rows")
    func permutationInvariance() throws {
        let cases = try #require(try loadGolden("metrics.json")["cases"] as? [[String: Any]])
        var rows = try cases.map { try GoldenCase($0) }
        // A tie-heavy binary case, so the AUC's tie groups are shuffled too.
        var generator = SplitMix64(seed: 0x5EED_D21F)
        let labels = (0..<400).map { _ in Bool.random(using: &generator) }
        let scores = labels.map { ($0 ? 0.3 : 0) + Double(Int.random(in: 0...7, using: &generator)) / 10 }
        rows.append(GoldenCase(binaryLabels: labels, predictions: scores.map { $0 >= 0.5 }, scores: scores))

        for row in rows {
            let original = try #require(row.metrics())
            for seed: UInt64 in [1, 2, 3, 42, 2026] {
                var generator = SplitMix64(seed: seed)
                let permutation = Array(0..<row.count).shuffled(using: &generator)
                // Bit-identical, not merely close: counts are integers and sums are correctly rounded.
                #expect(row.permuted(permutation).metrics() == original, "\(row.task) seed \(seed)")
            }
        }
    }

    // MARK: Binary

    @Test("empty input gives nil for every task")
    func emptyInput() {
        #expect(BinaryMetrics.compute(labels: [], predictions: [], scores: nil) == nil)
        #expect(BinaryMetrics.compute(labels: [], predictions: [], scores: []) == nil)
        #expect(MulticlassMetrics.compute(labels: [], predictions: []) == nil)
        #expect(RegressionMetrics.compute(labels: [], predictions: []) == nil)
    }

    @Test("all labels one class: ROC AUC is nil, log loss is still defined")
    func singleClassAUC() throws {
        let positives = try #require(
            BinaryMetrics.compute(labels: [true, true, true], predictions: [true, false, true], scores: [0.9, 0.4, 0.7]))
        #expect(positives.rocAUC == nil)
        let expectedLoss = -(log(0.9) + log(0.4) + log(0.7)) / 3
        #expect(Self.isClose(try #require(positives.logLoss), expectedLoss))

        let negatives = try #require(
            BinaryMetrics.compute(labels: [false, false], predictions: [false, true], scores: [0.1, 0.6]))
        #expect(negatives.rocAUC == nil)
        #expect(negatives.logLoss != nil)
    }

    @Test("0/0 precision, recall and F1 are 0")
    func zeroDivisionIsZero() throws {
        // No positive label and none predicted: every ratio is 0/0.
        let none = try #require(BinaryMetrics.compute(labels: [false, false], predictions: [false, false], scores: nil))
        #expect(none == BinaryMetrics(accuracy: 1, precision: 0, recall: 0, f1: 0, rocAUC: nil, logLoss: nil, count: 2))

        // Positives exist but none is predicted: precision 0/0, recall 0/2, F1 from P + R = 0.
        let missed = try #require(BinaryMetrics.compute(labels: [true, true, false], predictions: [false, false, false], scores: nil))
        #expect(missed.precision == 0 && missed.recall == 0 && missed.f1 == 0)
        #expect(Self.isClose(missed.accuracy, 1.0 / 3))
    }

    @Test("precision, recall and F1 from a confusion matrix")
    func binaryCounts() throws {
        // TP 2, FP 1, FN 3, TN 4.
        let labels = [true, true, false, true, true, true, false, false, false, false]
        let predictions = [true, true, true, false, false, false, false, false, false, false]
        let metrics = try #require(BinaryMetrics.compute(labels: labels, predictions: predictions, scores: nil))
        let precision = 2.0 / 3, recall = 2.0 / 5
        #expect(metrics.accuracy == 0.6)
        #expect(metrics.precision == precision)
        #expect(metrics.recall == recall)
        #expect(Self.isClose(metrics.f1, 2 * precision * recall / (precision + recall)))
        #expect(metrics.rocAUC == nil && metrics.logLoss == nil && metrics.count == 10)
    }

    @Test("ROC AUC counts ties as one half")
    func aucTies() throws {
        func auc(_ labels: [Bool], _ scores: [Double]) throws -> Double? {
            try #require(BinaryMetrics.compute(labels: labels, predictions: labels, scores: scores)).rocAUC
        }
        #expect(try auc([true, false, true, false], [0.9, 0.1, 0.8, 0.2]) == 1)
        #expect(try auc([true, false, true, false], [0.1, 0.9, 0.2, 0.8]) == 0)
        #expect(try auc([true, false, true, false], [0.5, 0.5, 0.5, 0.5]) == 0.5)
        // Pairs (positive, negative): (0.8, 0.8) ½, (0.8, 0.2) 1, (0.6, 0.8) 0, (0.6, 0.2) 1 → 2.5 / 4.
        #expect(try auc([true, false, true, false], [0.8, 0.8, 0.6, 0.2]) == 0.625)
        #expect(try auc([true, false], [.nan, 0.5]) == nil)
    }

    @Test("log loss clips scores to [1e-15, 1 − 1e-15]")
    func logLossClipping() throws {
        let sure = try #require(BinaryMetrics.compute(labels: [true], predictions: [false], scores: [0]))
        #expect(Self.isClose(try #require(sure.logLoss), -log(1e-15)))
        let wrong = try #require(BinaryMetrics.compute(labels: [false], predictions: [true], scores: [1]))
        #expect(Self.isClose(try #require(wrong.logLoss), -log(1 - (1 - 1e-15))))
        let nan = try #require(BinaryMetrics.compute(labels: [false, true], predictions: [false, true], scores: [.nan, 1]))
        #expect(nan.logLoss == nil && nan.rocAUC == nil)
    }

    // MARK: Multiclass

    @Test("macro averages run over the union of labelled and predicted classes")
    func multiclassUnion() throws {
        // Class a: TP 1, predicted 1, labelled 2 → P 1, R ½, F1 ⅔. Class b (only predicted): P 0, R 0/0 = 0, F1 0.
        let metrics = try #require(MulticlassMetrics.compute(labels: ["a", "a"], predictions: ["a", "b"]))
        #expect(metrics.accuracy == 0.5)
        #expect(metrics.macroPrecision == 0.5)
        #expect(metrics.macroRecall == 0.25)
        #expect(Self.isClose(metrics.macroF1, 1.0 / 3))
        #expect(metrics.count == 2)
    }

    // MARK: Regression

    @Test("regression metrics, and MAPE with a zero label uses max(|y|, ε)")
    func regression() throws {
        let metrics = try #require(RegressionMetrics.compute(labels: [1, 2, 4], predictions: [2, 2, 2]))
        #expect(metrics.mae == 1)
        #expect(Self.isClose(metrics.rmse, (5.0 / 3).squareRoot()))
        #expect(metrics.mape == 0.5)
        #expect(Self.isClose(metrics.bias, -1.0 / 3))

        let exactZero = try #require(RegressionMetrics.compute(labels: [0, 2], predictions: [0, 1]))
        #expect(exactZero.mape == 0.25)
        let missedZero = try #require(RegressionMetrics.compute(labels: [0], predictions: [1]))
        #expect(missedZero.mape == 1 / Double.ulpOfOne)
    }

    // MARK: Enum and coding

    @Test("values use snake_case names and leave out unknown metrics")
    func valueNames() throws {
        let binary = try #require(BinaryMetrics.compute(labels: [true, false], predictions: [true, true], scores: nil))
        #expect(Set(PerformanceMetrics.binary(binary).values.keys) == ["accuracy", "precision", "recall", "f1"])
        let scored = try #require(BinaryMetrics.compute(labels: [true, false], predictions: [true, true], scores: [0.7, 0.4]))
        #expect(
            Set(PerformanceMetrics.binary(scored).values.keys)
                == ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"])
        let regression = try #require(RegressionMetrics.compute(labels: [1], predictions: [2]))
        #expect(Set(PerformanceMetrics.regression(regression).values.keys) == ["mae", "rmse", "mape", "bias"])
    }

    @Test("PerformanceMetrics encodes as one flat snake_case object and decodes back")
    func codingRoundTrip() throws {
        let all: [PerformanceMetrics] = [
            .binary(try #require(BinaryMetrics.compute(labels: [true, false], predictions: [true, true], scores: [0.7, 0.4]))),
            .binary(try #require(BinaryMetrics.compute(labels: [true, false], predictions: [true, true], scores: nil))),
            .multiclass(try #require(MulticlassMetrics.compute(labels: ["a", "b"], predictions: ["a", "a"]))),
            .regression(try #require(RegressionMetrics.compute(labels: [1, 2], predictions: [2, 2]))),
        ]
        for metrics in all {
            let data = try JSONEncoder().encode(metrics)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["task"] as? String == metrics.task.rawValue)
            #expect(object["count"] as? Int == metrics.count)
            #expect(Set(object.keys) == Set(metrics.values.keys).union(["task", "count"]))
            #expect(try JSONDecoder().decode(PerformanceMetrics.self, from: data) == metrics)
        }
    }

    // MARK: Helpers

    static func relativeError(_ actual: Double, _ expected: Double) -> Double {
        expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected)
    }

    static func isClose(_ actual: Double, _ expected: Double) -> Bool {
        relativeError(actual, expected) <= tolerance
    }
}

/// One case of metrics.json, with its labels converted to the type its task needs.
private struct GoldenCase {
    enum Rows {
        case binary(labels: [Bool], predictions: [Bool], scores: [Double]?)
        case multiclass(labels: [String], predictions: [String])
        case regression(labels: [Double], predictions: [Double])
    }

    var rows: Rows

    init(binaryLabels labels: [Bool], predictions: [Bool], scores: [Double]?) {
        rows = .binary(labels: labels, predictions: predictions, scores: scores)
    }

    init(_ golden: [String: Any]) throws {
        let task = try #require(golden["task"] as? String)
        let labels = try #require(golden["labels"] as? [Any])
        let predictions = try #require(golden["predictions"] as? [Any])
        switch task {
        case "binary":
            rows = .binary(
                labels: try labels.map(Self.isPositive),
                predictions: try predictions.map(Self.isPositive),
                scores: try golden["scores"].map { try #require($0 as? [Double]) })
        case "multiclass":
            rows = .multiclass(labels: labels.map { "\($0)" }, predictions: predictions.map { "\($0)" })
        case "regression":
            rows = .regression(
                labels: try #require(labels as? [Double]), predictions: try #require(predictions as? [Double]))
        default:
            throw GoldenFileError(url: goldenURL("metrics.json"), reason: "unknown task \(task)")
        }
    }

    /// The positive class is 1 / `true` (STATISTICS.md: "positive class 1").
    static func isPositive(_ value: Any) throws -> Bool {
        switch value {
        case let flag as Bool: return flag
        case let number as Int: return number == 1
        case let text as String: return text == "1" || text.lowercased() == "true"
        default: throw GoldenFileError(url: goldenURL("metrics.json"), reason: "binary label \(value)")
        }
    }

    var task: String {
        switch rows {
        case .binary: "binary"
        case .multiclass: "multiclass"
        case .regression: "regression"
        }
    }

    var count: Int {
        switch rows {
        case .binary(let labels, _, _): labels.count
        case .multiclass(let labels, _): labels.count
        case .regression(let labels, _): labels.count
        }
    }

    func metrics() -> PerformanceMetrics? {
        switch rows {
        case .binary(let labels, let predictions, let scores):
            BinaryMetrics.compute(labels: labels, predictions: predictions, scores: scores).map { .binary($0) }
        case .multiclass(let labels, let predictions):
            MulticlassMetrics.compute(labels: labels, predictions: predictions).map { .multiclass($0) }
        case .regression(let labels, let predictions):
            RegressionMetrics.compute(labels: labels, predictions: predictions).map { .regression($0) }
        }
    }

    /// The same rows in the order `permutation` gives.
    func permuted(_ permutation: [Int]) -> GoldenCase {
        var copy = self
        switch rows {
        case .binary(let labels, let predictions, let scores):
            copy.rows = .binary(
                labels: permutation.map { labels[$0] }, predictions: permutation.map { predictions[$0] },
                scores: scores.map { scores in permutation.map { scores[$0] } })
        case .multiclass(let labels, let predictions):
            copy.rows = .multiclass(labels: permutation.map { labels[$0] }, predictions: permutation.map { predictions[$0] })
        case .regression(let labels, let predictions):
            copy.rows = .regression(labels: permutation.map { labels[$0] }, predictions: permutation.map { predictions[$0] })
        }
        return copy
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, so shuffles are reproducible.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
