/// The kind of values a feature holds.
public enum FeatureType: String, Sendable, Codable, Equatable {
    case numeric
    case categorical
}

/// What a model predicts, which decides its performance metrics.
public enum ModelTask: String, Sendable, Codable, Equatable {
    case binary
    case multiclass
    case regression
}

/// A model's schema, inferred from its reference: each feature's type, the task, and the positive label
/// of a binary task.
public struct ModelSchema: Sendable, Codable, Equatable {
    /// A feature and its type.
    public struct FeatureSpec: Sendable, Codable, Equatable {
        public var name: String
        public var type: FeatureType

        public init(name: String, type: FeatureType) {
            self.name = name
            self.type = type
        }
    }

    /// Features in the reference's column order.
    public var features: [FeatureSpec]
    /// The task, inferred from the reference's `label` column unless configured.
    public var task: ModelTask
    /// For a binary task, the label that counts as positive (`1`, `true`, or the larger of two values).
    public var positiveLabel: String?
    /// The type the prediction is compared as: categorical for classification, numeric for regression.
    public var predictionType: FeatureType { task == .regression ? .numeric : .categorical }

    public init(features: [FeatureSpec], task: ModelTask, positiveLabel: String?) {
        self.features = features
        self.task = task
        self.positiveLabel = positiveLabel
    }

    /// The type of the named feature, if the schema has it.
    public func type(of feature: String) -> FeatureType? {
        features.first { $0.name == feature }?.type
    }

    private enum CodingKeys: String, CodingKey {
        case features, task
        case positiveLabel = "positive_label"
    }
}
