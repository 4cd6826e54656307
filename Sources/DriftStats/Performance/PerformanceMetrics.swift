/// The performance metrics of one window, for whichever task the model has.
///
/// Encodes to a flat JSON object: `"task"` plus the task's own snake_case keys, e.g.
/// `{"task": "binary", "accuracy": 0.93, "precision": 0.9, …, "count": 241}`.
public enum PerformanceMetrics: Sendable, Codable, Equatable {
    /// A binary classifier's metrics.
    case binary(BinaryMetrics)
    /// A multiclass classifier's metrics.
    case multiclass(MulticlassMetrics)
    /// A regression model's metrics.
    case regression(RegressionMetrics)

    /// The kind of model the metrics describe, encoded under the key `"task"`.
    public enum Task: String, Sendable, Codable, Equatable, CaseIterable {
        /// Two classes: labels and predictions are "positive" or not.
        case binary
        /// More than two classes, compared by name.
        case multiclass
        /// Numeric labels and predictions.
        case regression
    }

    /// Which task these metrics belong to.
    public var task: Task {
        switch self {
        case .binary: .binary
        case .multiclass: .multiclass
        case .regression: .regression
        }
    }

    /// Number of rows (labelled predictions) the metrics were computed from.
    public var count: Int {
        switch self {
        case .binary(let metrics): metrics.count
        case .multiclass(let metrics): metrics.count
        case .regression(let metrics): metrics.count
        }
    }

    /// Every available metric by its snake_case name, the names used in JSON, Prometheus gauges and
    /// alert rules.
    ///
    /// - binary: `accuracy`, `precision`, `recall`, `f1`, and `roc_auc`, `log_loss` when known;
    /// - multiclass: `accuracy`, `macro_precision`, `macro_recall`, `macro_f1`;
    /// - regression: `mae`, `rmse`, `mape`, `bias`.
    ///
    /// `count` is not a metric and is left out (see ``count``).
    public var values: [String: Double] {
        switch self {
        case .binary(let m):
            var values = ["accuracy": m.accuracy, "precision": m.precision, "recall": m.recall, "f1": m.f1]
            if let rocAUC = m.rocAUC { values["roc_auc"] = rocAUC }
            if let logLoss = m.logLoss { values["log_loss"] = logLoss }
            return values
        case .multiclass(let m):
            return [
                "accuracy": m.accuracy, "macro_precision": m.macroPrecision,
                "macro_recall": m.macroRecall, "macro_f1": m.macroF1,
            ]
        case .regression(let m):
            return ["mae": m.mae, "rmse": m.rmse, "mape": m.mape, "bias": m.bias]
        }
    }

    private enum TaskKey: String, CodingKey {
        case task
    }

    /// Decodes the flat form: reads `"task"`, then the task's metrics from the same object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TaskKey.self)
        switch try container.decode(Task.self, forKey: .task) {
        case .binary: self = .binary(try BinaryMetrics(from: decoder))
        case .multiclass: self = .multiclass(try MulticlassMetrics(from: decoder))
        case .regression: self = .regression(try RegressionMetrics(from: decoder))
        }
    }

    /// Encodes the flat form: `"task"` and the task's metrics in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TaskKey.self)
        try container.encode(task, forKey: .task)
        switch self {
        case .binary(let metrics): try metrics.encode(to: encoder)
        case .multiclass(let metrics): try metrics.encode(to: encoder)
        case .regression(let metrics): try metrics.encode(to: encoder)
        }
    }
}
