
import DriftStats

/// What the HTTP layer needs from storage: a port that the SQLite store implements
/// (`SQLiteStore+ModelStore.swift` in DriftStore), so the server never imports the database library.
/// Tests use that real store on a temporary file.
public protocol ModelStore: Sendable {
    /// Saves a new reference version for `model`, creating the model on its first reference. When the
    /// latest version was made from the same bytes (`contentSHA256`), nothing is written and that version
    /// is answered with `created == false`.
    func saveReference(
        model: ModelName, prepared: ReferenceBuilder.Prepared, contentSHA256: String?, at milliseconds: Int64
    ) async throws -> (version: Int, created: Bool)
    /// The model's latest schema and reference version, or nil for an unknown model.
    func currentSchema(model: ModelName) async throws -> (version: Int, schema: ModelSchema)?
    /// Stores a batch atomically and durably; an event repeating a stored (id, model version) is skipped and
    /// counted.
    func insertEvents(model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int]) async throws
        -> (accepted: Int, duplicates: Int)
    /// Stores labels, each joined to every version of the event with its id; unknown ids are kept until an
    /// event arrives; a repeated id replaces the label.
    /// Refuses the whole batch when the labels waiting for their events would exceed `maxPendingLabels`.
    func insertLabels(model: ModelName, labels: [LabelRecord], receivedAt: Int64, maxPendingLabels: Int) async throws
        -> (matched: Int, unmatched: Int)
    /// All models, by name.
    func modelSummaries() async throws -> [ModelSummary]
    /// At most `limit` models whose names sort after `after`, by name (one page of the model list).
    func modelSummaries(after: String?, limit: Int) async throws -> [ModelSummary]
    /// Drops labels received before `receivedBefore` whose event never arrived; returns how many.
    func expirePendingLabels(receivedBefore milliseconds: Int64) async throws -> Int
    /// One model, or nil.
    func modelSummary(_ model: ModelName) async throws -> ModelSummary?
    /// Whether the windows of the model's latest reference version get estimated performance, and why
    /// not; nil for an unknown model.
    func estimationAvailability(_ model: ModelName) async throws -> EstimationAvailability?
    /// Whether a write would succeed now.
    func isWritable() async -> Bool
    /// The store's size on disk.
    func sizeBytes() -> Int64
    /// Deletes raw events older than the cutoff (event time); returns how many.
    func deleteEvents(olderThan milliseconds: Int64) async throws -> Int
    /// The events of versions `a` and `b` with event time in [`from`, `to`) (shadow or not), and the event
    /// count of every version in that range; nil for an unknown model.
    func versionOutcomes(model: ModelName, a: String, b: String, from: Int64, to: Int64) async throws
        -> VersionOutcomes?
}

/// A model as the API reports it.
public struct ModelSummary: Sendable, Encodable, Equatable {
    public struct Reference: Sendable, Encodable, Equatable {
        public var version: Int
        public var rows: Int
        public var createdAt: String
        /// SHA-256 (hex) of the uploaded bytes, to match with a data-versioning tool; nil for old versions.
        public var sha256: String?

        public init(version: Int, rows: Int, createdAt: String, sha256: String? = nil) {
            self.version = version
            self.rows = rows
            self.createdAt = createdAt
            self.sha256 = sha256
        }

        private enum CodingKeys: String, CodingKey {
            case version, rows, sha256
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
    /// Unexpected feature names not listed in ``unexpectedFeatures`` (the list is capped in bytes).
    public var unexpectedFeaturesOmitted: Int
    /// Whether the windows get estimated performance, and why not (the model's detail only; absent from
    /// the model list, where it would cost a reference load per model).
    public var estimatedPerformance: EstimationAvailability?
    /// The model's health (`StatusRule` in DriftEvaluation); the server fills it in.
    public var status: ModelStatus?

    public init(
        name: String, task: ModelTask, positiveLabel: String?, schema: [String: FeatureType], reference: Reference,
        counts: Counts, unexpectedFeatures: [String: Int], unexpectedFeaturesOmitted: Int = 0
    ) {
        self.unexpectedFeaturesOmitted = unexpectedFeaturesOmitted
        self.name = name
        self.task = task
        self.positiveLabel = positiveLabel
        self.schema = schema
        self.reference = reference
        self.counts = counts
        self.unexpectedFeatures = unexpectedFeatures
    }

    private enum CodingKeys: String, CodingKey {
        case name, task, schema, reference, counts, status
        case positiveLabel = "positive_label"
        case unexpectedFeatures = "unexpected_features"
        case unexpectedFeaturesOmitted = "unexpected_features_omitted"
        case estimatedPerformance = "estimated_performance"
    }
}
