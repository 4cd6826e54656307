/// The store's side of ingestion: events, labels and their join, and the reads over raw events that are
/// not windows. Blocking, like every part of ``StoragePort``.
public protocol IngestionStore: Sendable {
    /// Stores a batch atomically and durably (returning only after the commit); an event repeating a
    /// stored (id, model version) is skipped and counted, and so is a repeat within the batch.
    /// - Throws: ``StoreError/Code/unknownModel`` for a model without a reference,
    ///   ``StoreError/Code/invalidValue`` for an empty id; nothing of the batch is stored then.
    @discardableResult
    func insertEvents(model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int])
        throws(StoreError) -> EventInsertResult
    /// Stores several batches in one transaction and returns after its commit (group commit): each batch is
    /// stored atomically on its own (a savepoint each), so a batch that fails is rolled back alone and its
    /// slot in the answer holds its error, while the others are stored. The answer has one result per batch,
    /// in order.
    /// - Throws: when the transaction as a whole fails (a lost connection, a full disk): nothing of any batch
    ///   is stored then.
    func insertEventBatches(_ batches: [EventBatch]) throws(StoreError) -> [Result<EventInsertResult, StoreError>]
    /// Whether a commit is dear enough (a flush to disk, a round trip) that concurrent batches gain from
    /// sharing one through ``insertEventBatches(_:)``: the server's default for `store.group_commit`.
    var prefersGroupCommit: Bool { get }
    /// Stores labels, each joined to every version of the event with its id (whichever arrives first);
    /// unknown ids wait for their events; a repeated id replaces the label.
    /// - Throws: ``StoreError/Code/tooManyPendingLabels`` when the waiting labels would exceed
    ///   `maxPendingLabels` (nothing is stored then).
    @discardableResult
    func insertLabels(model: ModelName, labels: [LabelRecord], receivedAt: Int64, maxPendingLabels: Int)
        throws(StoreError) -> LabelInsertResult
    /// Drops labels received before `cutoff` whose event never arrived; returns how many.
    @discardableResult
    func expirePendingLabels(receivedBefore cutoff: Int64) throws(StoreError) -> Int
    /// The earliest and latest event time of `model`, or nil when it has no events.
    func eventTimeRange(model: ModelName) throws(StoreError) -> ClosedRange<Int64>?
    /// The events of versions `a` and `b` with event time in [`from`, `to`) and the event count of every
    /// version in that range; nil for an unknown model.
    func versionOutcomes(model: ModelName, a: String, b: String, from: Int64, to: Int64) throws(StoreError)
        -> VersionOutcomes?
}

extension IngestionStore {
    /// ``insertEvents(model:events:receivedAt:unexpectedFeatures:)`` with no unexpected features.
    @discardableResult
    public func insertEvents(model: ModelName, events: [Event], receivedAt: Int64) throws(StoreError)
        -> EventInsertResult
    {
        try insertEvents(model: model, events: events, receivedAt: receivedAt, unexpectedFeatures: [:])
    }

    /// ``insertLabels(model:labels:receivedAt:maxPendingLabels:)`` without a limit on waiting labels.
    @discardableResult
    public func insertLabels(model: ModelName, labels: [LabelRecord], receivedAt: Int64) throws(StoreError)
        -> LabelInsertResult
    {
        try insertLabels(model: model, labels: labels, receivedAt: receivedAt, maxPendingLabels: Int.max)
    }
}
