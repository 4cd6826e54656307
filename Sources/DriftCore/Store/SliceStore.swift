public import DriftStats

/// The store's side of slices (API.md, "Slices: model versions and segments"): the evaluated windows of
/// each version and segment value of a model, and the segment references prepared with a reference
/// version. Blocking, like every part of ``StoragePort``.
public protocol SliceStore: Sendable {
    /// Saves a new reference version as ``ReferenceStore/saveReference(model:schema:profile:rowCount:at:performance:contentSHA256:)``
    /// does, with the segment references prepared from the same rows, in one transaction.
    @discardableResult
    func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics?, contentSHA256: String?, segments: [ReferenceSegment]
    ) throws(StoreError) -> (version: Int, created: Bool)
    /// The segment references of `feature` in reference `version` of `model`, by value (empty when it has
    /// none).
    func referenceSegments(model: ModelName, version: Int, feature: String) throws(StoreError) -> [ReferenceSegment]
    /// Saves the evaluations of slices of one window, each replacing an earlier one of the same slice and
    /// window and counting it (`evaluations` + 1), in one transaction; returns them as stored.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/invalidValue`` for an empty window.
    @discardableResult
    func saveSliceWindowResults(model: ModelName, _ records: [StoredSliceWindowResult]) throws(StoreError)
        -> [StoredSliceWindowResult]
    /// The stored windows of one slice (`KEY:VALUE`) of `model` that overlap [from, to), oldest first; nil
    /// bounds are open. Unknown models and slices have none.
    func sliceWindowResults(model: ModelName, slice: String, from: Int64?, to: Int64?) throws(StoreError)
        -> [StoredSliceWindowResult]
    /// The complete slice windows of `model` evaluated at or after `evaluatedAt`, by window then slice.
    func finalSliceWindowResults(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(StoreError)
        -> [StoredSliceWindowResult]
    /// The bookkeeping of the stored slices of `model`'s window starting at `start`, by slice.
    func sliceWindowStatuses(model: ModelName, windowStart start: Int64) throws(StoreError)
        -> [String: SliceWindowStatus]
    /// Deletes the stored slices of `model`'s window starting at `start` that are not in `keep`.
    func deleteSliceWindowResults(model: ModelName, windowStart start: Int64, keeping keep: Set<String>)
        throws(StoreError)
    /// The slices of `model` with windows overlapping [from, to) (nil bounds are open), by name, with their
    /// event and window counts.
    func sliceSummaries(model: ModelName, from: Int64?, to: Int64?) throws(StoreError) -> [SliceSummary]
}

extension SliceStore {
    /// ``sliceWindowResults(model:slice:from:to:)`` over every window.
    public func sliceWindowResults(model: ModelName, slice: String) throws(StoreError) -> [StoredSliceWindowResult] {
        try sliceWindowResults(model: model, slice: slice, from: nil, to: nil)
    }

    /// ``sliceSummaries(model:from:to:)`` over every window.
    public func sliceSummaries(model: ModelName) throws(StoreError) -> [SliceSummary] {
        try sliceSummaries(model: model, from: nil, to: nil)
    }
}
