/// One prediction log line (API.md, "Concepts").
public struct Event: Sendable, Equatable {
    /// Unique per model, at most ``Limits/maxIdLength`` characters.
    public var id: String
    /// Event time in milliseconds since the Unix epoch (from an RFC 3339 string or Unix seconds).
    public var timestampMilliseconds: Int64
    /// Feature values in the order they arrived.
    public var features: [Feature]
    /// The model's prediction.
    public var prediction: ScalarValue?
    /// Probability of the positive class, when the model gives one.
    public var score: Double?
    /// Ground truth, when it is known at prediction time.
    public var label: ScalarValue?
    /// The model version that served the prediction.
    public var modelVersion: String?
    /// How long the serving system took to answer, in milliseconds (finite, ≥ 0), when it says.
    public var latencyMilliseconds: Double?

    /// A named feature value.
    public struct Feature: Sendable, Equatable {
        public var name: String
        public var value: ScalarValue

        public init(name: String, value: ScalarValue) {
            self.name = name
            self.value = value
        }
    }

    public init(
        id: String, timestampMilliseconds: Int64, features: [Feature], prediction: ScalarValue? = nil,
        score: Double? = nil, label: ScalarValue? = nil, modelVersion: String? = nil,
        latencyMilliseconds: Double? = nil
    ) {
        self.latencyMilliseconds = latencyMilliseconds
        self.id = id
        self.timestampMilliseconds = timestampMilliseconds
        self.features = features
        self.prediction = prediction
        self.score = score
        self.label = label
        self.modelVersion = modelVersion
    }
}

/// Ground truth that arrives after its event, joined by id.
public struct LabelRecord: Sendable, Equatable {
    public var id: String
    public var label: ScalarValue

    public init(id: String, label: ScalarValue) {
        self.id = id
        self.label = label
    }
}
