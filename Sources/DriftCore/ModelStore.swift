
public import DriftStats

/// What the HTTP layer needs from storage: a port that the SQLite store implements
/// (`SQLiteStore+ModelStore.swift` in DriftStore), so the server never imports the database library.
/// Tests use that real store on a temporary file.
public protocol ModelStore: Sendable {
    /// Saves a new reference version for `model`, creating the model on its first reference.
    func saveReference(model: ModelName, prepared: ReferenceBuilder.Prepared, at milliseconds: Int64) async throws -> Int
    /// The model's latest schema and reference version, or nil for an unknown model.
    func currentSchema(model: ModelName) async throws -> (version: Int, schema: ModelSchema)?
    /// Stores a batch atomically and durably; repeated ids are skipped and counted.
    func insertEvents(model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int]) async throws
        -> (accepted: Int, duplicates: Int)
    /// Stores labels; unknown ids are kept until their event arrives; a repeated id replaces the label.
    func insertLabels(model: ModelName, labels: [LabelRecord], receivedAt: Int64) async throws -> (matched: Int, unmatched: Int)
    /// All models, by name.
    func modelSummaries() async throws -> [ModelSummary]
    /// One model, or nil.
    func modelSummary(_ model: ModelName) async throws -> ModelSummary?
    /// Whether a write would succeed now.
    func isWritable() async -> Bool
    /// The store's size on disk.
    func sizeBytes() -> Int64
    /// Deletes raw events older than the cutoff (event time); returns how many.
    func deleteEvents(olderThan milliseconds: Int64) async throws -> Int
}

/// A model as the API reports it.
public struct ModelSummary: Sendable, Encodable, Equatable {
    public struct Reference: Sendable, Encodable, Equatable {
        public var version: Int
        public var rows: Int
        public var createdAt: String

        public init(version: Int, rows: Int, createdAt: String) {
            self.version = version
            self.rows = rows
            self.createdAt = createdAt
        }

        private enum CodingKeys: String, CodingKey {
            case version, rows
            case createdAt = "created_at"
        }
    }

    public struct Counts: Sendable, Encodable, Equatable {
        public var events: Int
        public var labels: Int
        public var labelsMatched: Int
        public var labelsUnmatched: Int

        public init(events: Int, labels: Int, labelsMatched: Int, labelsUnmatched: Int) {
            self.events = events
            self.labels = labels
            self.labelsMatched = labelsMatched
            self.labelsUnmatched = labelsUnmatched
        }

        private enum CodingKeys: String, CodingKey {
            case events, labels
            case labelsMatched = "labels_matched"
            case labelsUnmatched = "labels_unmatched"
        }
    }

    public var name: String
    public var task: ModelTask
    public var positiveLabel: String?
    public var schema: [String: FeatureType]
    public var reference: Reference
    public var counts: Counts
    public var unexpectedFeatures: [String: Int]

    public init(
        name: String, task: ModelTask, positiveLabel: String?, schema: [String: FeatureType], reference: Reference,
        counts: Counts, unexpectedFeatures: [String: Int]
    ) {
        self.name = name
        self.task = task
        self.positiveLabel = positiveLabel
        self.schema = schema
        self.reference = reference
        self.counts = counts
        self.unexpectedFeatures = unexpectedFeatures
    }

    private enum CodingKeys: String, CodingKey {
        case name, task, schema, reference, counts
        case positiveLabel = "positive_label"
        case unexpectedFeatures = "unexpected_features"
    }
}
