import DriftStats

/// The store's side of window evaluation: window reads, change tracking (which windows changed after a
/// point of the change log, and the evaluator's cursor in it), and the evaluated results. Blocking, like
/// every part of ``StoragePort``.
public protocol WindowStore: Sendable {
    /// Whether ``readWindowChunks(_:_:)`` can read only the events stored after a sequence number, and
    /// the label changes after a position, so that an evaluation pass folds in only what arrived. An
    /// engine whose sequence numbers may become visible out of order answers false; then every pass
    /// streams the whole window.
    var incrementalWindowReads: Bool { get }
    /// Reads the events of a window in chunks, each a ``WindowData`` of columns, and hands them to `body` in
    /// read order, all from one snapshot. Shadow predictions are left out (counted in
    /// ``WindowChunkRead/slicedRows``) unless the request asks for the slice columns
    /// (``WindowChunkRequest/sliceColumns``). A full read walks the window in event-time order; an
    /// incremental one (`afterSequence`) the events stored after that sequence number. An engine's only
    /// decoder of event rows: ``windowData(model:from:to:referenceVersion:)`` is one such read.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/unknownReferenceVersion``.
    func readWindowChunks(_ request: WindowChunkRequest, _ body: (WindowData) -> Void) throws(StoreError)
        -> WindowChunkRead
    /// The starts of the windows (of `windowMilliseconds`) whose events or labels changed after change
    /// `afterSequence`, and the last change seen.
    func touchedWindows(model: ModelName, windowMilliseconds: Int64, afterSequence: Int64) throws(StoreError)
        -> TouchedWindows
    /// The change the evaluator of `model` has seen up to (0 before its first pass).
    func evaluationCursor(model: ModelName) throws(StoreError) -> Int64
    /// Moves the evaluator's cursor of `model` to `sequence`.
    func setEvaluationCursor(model: ModelName, sequence: Int64) throws(StoreError)
    /// Saves an evaluated window, replacing an earlier evaluation of it, and returns it as stored (with its
    /// evaluation count).
    @discardableResult
    func saveWindowResult(model: ModelName, _ record: StoredWindowResult) throws(StoreError) -> StoredWindowResult
    /// The evaluated windows of `model` that overlap [from, to), oldest first (nil bounds are open).
    func windowResults(model: ModelName, from: Int64?, to: Int64?) throws(StoreError) -> [StoredWindowResult]
    /// The complete windows of `model` evaluated at or after `evaluatedAt`, oldest window first.
    func finalWindowResults(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(StoreError)
        -> [StoredWindowResult]
    /// The bookkeeping of the evaluated windows starting in [from, to).
    func windowResultStatuses(model: ModelName, startingFrom from: Int64, before to: Int64) throws(StoreError)
        -> [WindowResultStatus]
    /// The bookkeeping of the partial windows of `model`.
    func partialWindowResults(model: ModelName) throws(StoreError) -> [WindowResultStatus]
    /// The start of the latest complete window of `model`, or nil.
    func latestFinalWindowStart(model: ModelName) throws(StoreError) -> Int64?
    /// Per model name, the numbers that change whenever its dashboard pages would.
    func modelChangeStamps() throws(StoreError) -> [String: ModelChangeStamp]
}

extension WindowStore {
    /// The events of `model` with event time in [`from`, `to`), shadow predictions included, in columns
    /// with their labels and slice columns, ordered by event time; the columns are those of the schema of
    /// `referenceVersion` (nil: the latest). One chunked read (``readWindowChunks(_:_:)``) whose single
    /// chunk is the whole window: it holds the window in memory, for the readers that need every value
    /// at once (dashboards, tests); evaluation streams instead.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/unknownReferenceVersion``.
    public func windowData(model: ModelName, from: Int64, to: Int64, referenceVersion: Int?) throws(StoreError)
        -> WindowData
    {
        var chunks: [WindowData] = []
        let read = try readWindowChunks(
            WindowChunkRequest(
                model: model, from: from, to: to, referenceVersion: referenceVersion, chunkRows: .max,
                sliceColumns: true)
        ) { chunks.append($0) }
        guard chunks.count <= 1 else {
            throw StoreError(.corruptData, "the store split a window read without a chunk limit into \(chunks.count) chunks")
        }
        if let window = chunks.first { return window }
        guard let schema = read.schema else {
            throw StoreError(.corruptData, "the store did not report the schema of the window \(from) ..< \(to)")
        }
        return WindowData(
            start: from, end: to, schema: schema,
            columns: schema.features.map { feature in
                switch feature.type {
                case .numeric: .numeric([])
                case .categorical: .categorical(CategoricalColumn(categories: [], codes: []))
                }
            },
            timestamps: [], predictions: [], scores: [], labels: [], latencies: [])
    }

    /// ``windowData(model:from:to:referenceVersion:)`` over every reference version.
    public func windowData(model: ModelName, from: Int64, to: Int64) throws(StoreError) -> WindowData {
        try windowData(model: model, from: from, to: to, referenceVersion: nil)
    }

    /// ``windowResults(model:from:to:)`` from the first window.
    public func windowResults(model: ModelName, to: Int64? = nil) throws(StoreError) -> [StoredWindowResult] {
        try windowResults(model: model, from: nil, to: to)
    }

    /// ``windowResults(model:from:to:)`` up to the last window.
    public func windowResults(model: ModelName, from: Int64?) throws(StoreError) -> [StoredWindowResult] {
        try windowResults(model: model, from: from, to: nil)
    }
}
