public import DriftStats

/// The store's side of references and models: versioned reference profiles and the model list with its
/// ingestion counters.
///
/// Like every part of ``StoragePort``, the methods are synchronous and may block the calling thread until
/// the engine answers; call them from a dispatch queue or a thread that may block, never in a loop on
/// Swift's cooperative pool. Every failure is a ``StoreError``; times are milliseconds since the Unix
/// epoch, passed in (a store never reads the clock).
public protocol ReferenceStore: Sendable {
    /// Saves a new reference version for `model`, creating the model on its first reference. When the
    /// latest version was made from the same bytes (`contentSHA256`), nothing is written and that version
    /// is answered with `created == false`.
    @discardableResult
    func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics?, contentSHA256: String?
    ) throws(StoreError) -> (version: Int, created: Bool)
    /// Reference `version` of `model`, or nil when either is unknown.
    func reference(model: ModelName, version: Int) throws(StoreError) -> StoredReference?
    /// The latest reference of `model`, or nil for an unknown model.
    func latestReference(model: ModelName) throws(StoreError) -> StoredReference?
    /// The schema and version of the model's latest reference, without its profile; nil for an unknown model.
    func latestSchema(model: ModelName) throws(StoreError) -> (version: Int, schema: ModelSchema)?
    /// The stored reference versions of `model`, ascending (empty for an unknown model).
    func referenceVersions(model: ModelName) throws(StoreError) -> [Int]
    /// Every model, by name.
    func models() throws(StoreError) -> [ModelRecord]
    /// At most `limit` models whose names sort after `after`, by name.
    func models(after: String?, limit: Int) throws(StoreError) -> [ModelRecord]
    /// One model, or nil.
    func model(named name: ModelName) throws(StoreError) -> ModelRecord?
}

extension ReferenceStore {
    /// Saves a new reference version without a content hash (so always a new version) and returns it.
    @discardableResult
    public func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics? = nil
    ) throws(StoreError) -> Int {
        try saveReference(
            model: model, schema: schema, profile: profile, rowCount: rowCount, at: createdAt,
            performance: performance, contentSHA256: nil
        ).version
    }
}
