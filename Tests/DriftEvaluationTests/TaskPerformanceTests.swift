import DriftCore
import DriftStats
import Testing

/// `ModelSchema.performance(labels:predictions:scores:)`: which rows count and how values map to classes.
@Suite("Performance by task")
struct TaskPerformanceTests {
    private func schema(_ task: ModelTask, positive: String? = nil) -> ModelSchema {
        ModelSchema(features: [], task: task, positiveLabel: positive)
    }

    @Test("binary: the positive label decides, rows without label or prediction are left out")
    func binary() throws {
        let labels: [ScalarValue?] = [.bool(true), .bool(false), .bool(true), nil, .null, .bool(false)]
        let predictions: [ScalarValue?] = [.bool(true), .bool(true), .bool(false), .bool(true), .bool(true), nil]
        let scores = [0.9, 0.6, 0.4, 0.5, 0.5, 0.1]
        let metrics = try #require(schema(.binary, positive: "true").performance(
            labels: labels, predictions: predictions, scores: scores))
        let expected = BinaryMetrics.compute(
            labels: [true, false, true], predictions: [true, true, false], scores: [0.9, 0.6, 0.4])
        #expect(metrics == .binary(try #require(expected)))
    }

    @Test("binary: a missing score among the counted rows drops ROC AUC and log loss")
    func missingScore() throws {
        let metrics = schema(.binary, positive: "1").performance(
            labels: [.number(1), .number(0)], predictions: [.number(1), .number(1)], scores: [0.8, .nan])
        guard case .binary(let binary) = metrics else {
            Issue.record("not binary metrics")
            return
        }
        #expect(binary.rocAUC == nil && binary.logLoss == nil)
        #expect(binary.accuracy == 0.5)
    }

    @Test("multiclass compares category names; regression compares numbers")
    func otherTasks() throws {
        let multiclass = schema(.multiclass).performance(
            labels: [.string("a"), .string("b"), .number(3)], predictions: [.string("a"), .string("c"), .number(3)],
            scores: nil)
        #expect(multiclass == MulticlassMetrics.compute(labels: ["a", "b", "3"], predictions: ["a", "c", "3"]).map {
            .multiclass($0)
        })
        let regression = schema(.regression).performance(
            labels: [.number(2), .number(4), .string("x"), .number(1)],
            predictions: [.number(3), .number(2), .number(1), .number(.nan)], scores: nil)
        #expect(regression == RegressionMetrics.compute(labels: [2, 4], predictions: [3, 2]).map { .regression($0) })
        #expect(schema(.regression).performance(labels: [nil], predictions: [.number(1)], scores: nil) == nil)
    }
}
