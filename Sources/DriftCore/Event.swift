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
    /// The model version that made the prediction, at most ``Limits/maxModelVersionBytes`` bytes. With
    /// ``id`` it names the event: the same id under two versions is two events (API.md, "Slices").
    public var modelVersion: String?
    /// Whether the prediction was made but not served (a shadow model). Shadow events belong to their
    /// version's slice only, never to the whole model's windows.
    public var shadow: Bool
    /// Metadata that is not a model input (region, client app, tenant), sorted by key; never compared
    /// with the reference, but usable as a segment key.
    public var tags: [Tag]
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

    /// One tag of an event: a key (`[a-z0-9_.-]{1,64}`) and its value (at most
    /// ``Limits/maxTagValueBytes`` bytes).
    public struct Tag: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(
        id: String, timestampMilliseconds: Int64, features: [Feature], prediction: ScalarValue? = nil,
        score: Double? = nil, label: ScalarValue? = nil, modelVersion: String? = nil, shadow: Bool = false,
        tags: [Tag] = [], latencyMilliseconds: Double? = nil
    ) {
        self.latencyMilliseconds = latencyMilliseconds
        self.id = id
        self.timestampMilliseconds = timestampMilliseconds
        self.features = features
        self.prediction = prediction
        self.score = score
        self.label = label
        self.modelVersion = modelVersion
        self.shadow = shadow
        self.tags = tags
    }

    /// The value of the tag `key`, if the event has it.
    public func tag(_ key: String) -> String? {
        tags.first(where: { $0.key == key })?.value
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
