/// Input limits of the ingestion API; each can be overridden in the server configuration.
public struct Limits: Sendable, Equatable, Codable {
    /// Largest request body in bytes (413 above it).
    public var maxBodyBytes = 16 * 1024 * 1024
    /// Most events or labels in one request.
    public var maxBatchSize = 10_000
    /// Longest event id, in characters.
    public var maxIdLength = 128
    /// Most features in one event.
    public var maxFeatures = 1_000
    /// Longest string value, in bytes.
    public var maxStringBytes = 4_096
    /// Deepest JSON nesting accepted.
    public var maxDepth = 16
    /// How far in the future an event's timestamp may be, in milliseconds.
    public var maxFutureMilliseconds: Int64 = 24 * 3_600_000
    /// Longest feature name — in events and in a reference's header alike — in bytes of UTF-8.
    public var maxNameBytes = 256
    /// Most labels kept per model while their event has not arrived (429 above it).
    public var maxPendingLabels = 1_000_000
    /// How long a label waits for its event before it is dropped, in milliseconds (the label horizon).
    public var pendingLabelHorizonMilliseconds: Int64 = 7 * 86_400_000
    /// Largest reference upload in bytes (413 above it).
    public var maxReferenceBytes = 256 * 1024 * 1024
    /// Longest `model_version`, in bytes of UTF-8. Fixed by the contract (API.md, "Slices"), not configurable.
    public static let maxModelVersionBytes = 64
    /// Most tags on one event (API.md, "Slices").
    public static let maxTags = 16
    /// Longest tag key, in bytes; keys are also restricted to `[a-z0-9_.-]` (API.md, "Slices").
    public static let maxTagKeyBytes = 64
    /// Longest tag value, in bytes of UTF-8 (API.md, "Slices").
    public static let maxTagValueBytes = 256

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case maxBodyBytes = "max_body_bytes"
        case maxBatchSize = "max_batch_size"
        case maxIdLength = "max_id_length"
        case maxFeatures = "max_features"
        case maxStringBytes = "max_string_bytes"
        case maxDepth = "max_depth"
        case maxFutureMilliseconds = "max_future_ms"
        case maxNameBytes = "max_name_bytes"
        case maxPendingLabels = "max_pending_labels"
        case pendingLabelHorizonMilliseconds = "pending_label_horizon_ms"
        case maxReferenceBytes = "max_reference_bytes"
    }
}

/// One problem with one line of a batch: which line, which field, and why.
public struct LineProblem: Sendable, Equatable, Codable {
    /// 0-based index of the event or label in the request.
    public var index: Int
    /// The field at fault (`id`, `timestamp`, `features.age`, …), or nil for the line as a whole.
    public var field: String?
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(index: Int, field: String?, reason: String) {
        self.index = index
        self.field = field
        self.reason = reason
    }
}
