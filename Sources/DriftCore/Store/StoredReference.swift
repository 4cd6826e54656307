public import DriftStats

/// One saved version of a model's reference.
public struct StoredReference: Sendable, Equatable {
    /// 1 for the first reference of a model, then 2, 3, … for each replacement.
    public var version: Int
    /// The schema inferred from this reference.
    public var schema: ModelSchema
    /// The prepared reference the windows are compared with.
    public var profile: ReferenceProfile
    /// Rows in the reference.
    public var rowCount: Int
    /// When it was saved, in milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// The reference's own performance metrics, the baseline of the windows' performance; nil when the
    /// reference had no labels (or was saved without them).
    public var performance: PerformanceMetrics?

    public init(
        version: Int, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, createdAt: Int64,
        performance: PerformanceMetrics? = nil
    ) {
        self.version = version
        self.schema = schema
        self.profile = profile
        self.rowCount = rowCount
        self.createdAt = createdAt
        self.performance = performance
    }
}
