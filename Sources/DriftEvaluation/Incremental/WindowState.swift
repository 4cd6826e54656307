public import DriftCore
public import DriftStats

/// A window's streaming state between passes: the accumulator, the reference it was built against and
/// the store position its rows were read up to.
public struct WindowState: Sendable {
    /// The reference version the state was folded against.
    public let referenceVersion: Int
    /// The settings the state was folded with.
    public let settings: EvaluationSettings
    /// The folded rows.
    public internal(set) var accumulator: WindowAccumulator
    /// Every event of the window with a sequence number up to this one is folded in.
    public internal(set) var sequence: Int64
    /// Every label change up to this change-log position is folded in.
    public internal(set) var labelSequence: Int64
    /// Rows of the window seen so far that belong to a slice (a version, tags, or a shadow prediction).
    public internal(set) var slicedRows = 0
    /// The slices' states after a slice pass that could keep them (``KeptSlices``); nil otherwise. Saved
    /// beside the state (``KeptSlicesArchive``), and a saved state with sliced rows is restored only with them.
    var slices: KeptSlices?
}

/// What one evaluation pass over a window read, for /metrics and the benchmark.
public struct WindowPassCost: Sendable, Equatable {
    /// Event rows folded in (new rows on an incremental pass, every row on a full one).
    public var rowsFolded = 0
    /// Rows read a second time to gather the values of crossing slots (0 when the kept values sufficed).
    public var rowsGathered = 0
    /// Rows whose crossing-slot values a full pass gathered from its ``ColumnSpill`` instead of the store.
    public var rowsReplayed = 0
    /// Bytes a full pass spilled (``ColumnSpill``), and whether they bypassed the page cache (`O_DIRECT`).
    public var bytesSpilled = 0
    public var spilledDirect = false
    /// Labels changed on events already folded.
    public var labelsUpdated = 0
    /// Whether the pass rebuilt the state from all the window's rows.
    public var full = false
    /// Values the state keeps for the slots near a crossing of F_C and F_R, after the pass.
    public var keptValues = 0
    /// Rows of the whole window (not only this pass's) that belong to a slice: when 0 and no segment key
    /// is configured, the window has no slice to evaluate.
    public var slicedRows = 0

    public init() {}

    /// Rows read from the event table in the pass.
    public var rowsRead: Int { rowsFolded + rowsGathered + labelsUpdated }
}

extension WindowEvaluator {
    /// Builds a window's state from every row of the window, streaming them from the store in chunks.
    /// The values of the slots where F_C crosses F_R, when there are any, are gathered afterwards from the
    /// values the dense numeric folds took, spilled to a temporary file as they were placed (``ColumnSpill``,
    /// in the store's ``StoragePort/scratchDirectory``), or by a second read of the store when `spill` is
    /// false, the store has no scratch folder, or the spill could not be written or read back.
    ///
    /// - Throws: ``EvaluationError/Code/store`` when the store fails.
    public func buildState(
        store: any StoragePort, model: ModelName, start: Int64, end: Int64, cost: inout WindowPassCost,
        spill: Bool = true
    ) throws(EvaluationError) -> WindowState {
        var accumulator = makeAccumulator()
        let columns = accumulator.spillColumns
        let values = spill ? store.scratchDirectory.flatMap { ColumnSpill(directory: $0, columns: columns) } : nil
        var scratch: [NumericFold.Scratch] = []
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(model: model, from: start, to: end, referenceVersion: referenceVersion) {
                accumulator.add($0, spill: values, scratch: &scratch)
            }
        }
        var state = WindowState(
            referenceVersion: referenceVersion, settings: settings, accumulator: accumulator, sequence: read.sequence,
            labelSequence: read.labelSequence)
        state.slicedRows = read.slicedRows
        cost.rowsFolded += read.rows
        cost.full = true
        cost.bytesSpilled += values?.bytesWritten ?? 0
        cost.spilledDirect = values?.isDirect ?? false
        try gatherIfNeeded(
            &state, spill: values.map { ($0, read.rows) }, store: store, model: model, start: start, end: end,
            cost: &cost)
        return state
    }

    /// Folds into `state` the events stored after its sequence number and the label changes after its
    /// change position, reading only those rows, in one snapshot (plus, when a crossing moved to a slot
    /// whose values are not kept, one more read of the window's rows to gather them).
    ///
    /// - Throws: ``EvaluationError/Code/store`` when the store fails.
    public func update(
        _ state: inout WindowState, store: any StoragePort, model: ModelName, start: Int64, end: Int64,
        cost: inout WindowPassCost
    ) throws(EvaluationError) {
        let (sequence, labelSequence) = (state.sequence, state.labelSequence)
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: referenceVersion, afterSequence: sequence,
                afterLabelChange: labelSequence
            ) { state.accumulator.add($0) }
        }
        for change in read.labelChanges {
            state.accumulator.replaceLabel(
                from: change.previousLabel, to: change.label, prediction: change.prediction, score: change.score)
        }
        state.sequence = max(state.sequence, read.sequence)
        state.labelSequence = read.labelSequence
        state.slicedRows += read.slicedRows
        cost.rowsFolded += read.rows
        cost.labelsUpdated += read.labelChanges.count
        try gatherIfNeeded(&state, store: store, model: model, start: start, end: end, cost: &cost)
    }

    /// Gathers the values of crossing slots not kept yet: from `spill` when it holds every value of the
    /// window's `rows` (a full pass's), else (or when it cannot be read back) by reading the window once
    /// more, up to the state's sequence.
    private func gatherIfNeeded(
        _ state: inout WindowState, spill: (values: ColumnSpill, rows: Int)? = nil, store: any StoragePort,
        model: ModelName, start: Int64, end: Int64, cost: inout WindowPassCost
    ) throws(EvaluationError) {
        guard state.accumulator.needsGather else { return }
        state.accumulator.prepareGather()
        if let spill, spill.values.isUsable {
            if state.accumulator.gather(from: spill.values) {
                cost.rowsReplayed += spill.rows
                return
            }
            state.accumulator.restartGather()
        }
        let sequence = state.sequence
        let features = state.accumulator.featuresToGather
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: referenceVersion, upToSequence: sequence,
                features: features
            ) { state.accumulator.gather($0) }
        }
        cost.rowsGathered += read.rows
    }
}

extension WindowState {
    /// The statistics of the rows folded (``WindowAccumulator/statistics(referencePerformance:)``): sorts
    /// the order-dependent columns in place, as a pass does before it keeps or saves the state.
    /// - Precondition: ``WindowAccumulator/needsGather`` is false.
    /// - Throws: ``EvaluationError/Code/typeMismatch`` when a column's type differs from the reference's.
    public mutating func statistics(referencePerformance: PerformanceMetrics?) throws(EvaluationError)
        -> WindowStatistics
    {
        try accumulator.statistics(referencePerformance: referencePerformance)
    }
}
