
/// What the store knows about a model: its schema and reference, and its ingestion counters.
public struct ModelRecord: Sendable, Equatable {
    /// The model's name.
    public var name: ModelName
    /// The schema of the latest reference.
    public var schema: ModelSchema
    /// The latest reference version (1, 2, …).
    public var referenceVersion: Int
    /// Rows in the latest reference.
    public var referenceRowCount: Int
    /// When the model's first reference was saved, in milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// Events stored (retention removes old ones).
    public var eventCount: Int
    /// Labels stored: ``matchedLabelCount`` + ``unmatchedLabelCount``.
    public var labelCount: Int { matchedLabelCount + unmatchedLabelCount }
    /// Stored events that have a label, whether it came inline with the event or later by id.
    public var matchedLabelCount: Int
    /// Labels whose event id has not arrived (yet); they join when it does.
    public var unmatchedLabelCount: Int
    /// Feature names outside the schema seen in events, with the number of events that had each.
    public var unexpectedFeatures: [String: Int]
    /// Unexpected feature names left out of ``unexpectedFeatures`` to keep a model's description small.
    public var unexpectedFeaturesOmitted: Int
    /// The SHA-256 (hex) of the bytes the latest reference was uploaded as; nil for references stored
    /// before hashes were kept, or saved without one.
    public var referenceSHA256: String?

    public init(
        name: ModelName, schema: ModelSchema, referenceVersion: Int, referenceRowCount: Int, createdAt: Int64,
        eventCount: Int, matchedLabelCount: Int, unmatchedLabelCount: Int, unexpectedFeatures: [String: Int],
        unexpectedFeaturesOmitted: Int = 0, referenceSHA256: String? = nil
    ) {
        self.unexpectedFeaturesOmitted = unexpectedFeaturesOmitted
        self.referenceSHA256 = referenceSHA256
        self.name = name
        self.schema = schema
        self.referenceVersion = referenceVersion
        self.referenceRowCount = referenceRowCount
        self.createdAt = createdAt
        self.eventCount = eventCount
        self.matchedLabelCount = matchedLabelCount
        self.unmatchedLabelCount = unmatchedLabelCount
        self.unexpectedFeatures = unexpectedFeatures
    }
}
