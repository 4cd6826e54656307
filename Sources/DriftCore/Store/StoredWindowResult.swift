/// One evaluated window as the store keeps it: the bookkeeping in columns, the statistics as an opaque
/// JSON object that the evaluation target encodes and decodes (the store does not interpret it).
public struct StoredWindowResult: Sendable, Equatable {
    /// First millisecond of the window (inclusive); with the model, the row's key.
    public var start: Int64
    /// End of the window in milliseconds (exclusive).
    public var end: Int64
    /// The reference version the window was compared with.
    public var referenceVersion: Int
    /// Whether the window was still open (or within its allowed lateness) when evaluated.
    public var partial: Bool
    /// When the window was last evaluated, in milliseconds since the Unix epoch.
    public var evaluatedAt: Int64
    /// How many times the window has been evaluated (1 after the first evaluation).
    public var evaluations: Int
    /// The statistics, a JSON object.
    public var json: String

    public init(
        start: Int64, end: Int64, referenceVersion: Int, partial: Bool, evaluatedAt: Int64, evaluations: Int,
        json: String
    ) {
        self.start = start
        self.end = end
        self.referenceVersion = referenceVersion
        self.partial = partial
        self.evaluatedAt = evaluatedAt
        self.evaluations = evaluations
        self.json = json
    }

    /// The bookkeeping without the JSON.
    public var status: WindowResultStatus {
        WindowResultStatus(
            start: start, end: end, referenceVersion: referenceVersion, partial: partial, evaluatedAt: evaluatedAt,
            evaluations: evaluations)
    }
}

/// The bookkeeping of a stored window result, read without its JSON, for deciding what to evaluate.
public struct WindowResultStatus: Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var referenceVersion: Int
    public var partial: Bool
    public var evaluatedAt: Int64
    public var evaluations: Int

    public init(start: Int64, end: Int64, referenceVersion: Int, partial: Bool, evaluatedAt: Int64, evaluations: Int) {
        self.start = start
        self.end = end
        self.referenceVersion = referenceVersion
        self.partial = partial
        self.evaluatedAt = evaluatedAt
        self.evaluations = evaluations
    }
}
