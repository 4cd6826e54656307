/// What the version comparison reads from the store (API.md, "Slices": `GET /v1/models/{m}/compare`): the
/// outcomes of two model versions' events in a range of event time, and how many events every version had
/// there, to name the versions that exist when one asked for does not.
public struct VersionOutcomes: Sendable, Equatable {
    /// One event of a compared version: what it predicted and, once known, the truth.
    public struct Outcome: Sendable, Equatable {
        /// The request id; an id under both versions makes a pair (a shadow and its primary).
        public var id: String
        public var prediction: ScalarValue?
        public var score: Double?
        public var label: ScalarValue?

        public init(id: String, prediction: ScalarValue?, score: Double?, label: ScalarValue?) {
            self.id = id
            self.prediction = prediction
            self.score = score
            self.label = label
        }
    }

    /// Events of the first version asked for, in arrival order.
    public var a: [Outcome]
    /// Events of the second version asked for, in arrival order.
    public var b: [Outcome]
    /// Events per model version in the range, every version (events without a version are not listed).
    public var eventsPerVersion: [String: Int]

    public init(a: [Outcome], b: [Outcome], eventsPerVersion: [String: Int]) {
        self.a = a
        self.b = b
        self.eventsPerVersion = eventsPerVersion
    }
}
