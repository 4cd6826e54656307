import DriftCore

/// A slice pass that continues a window's kept states (``KeptSlices``): only the rows stored since the
/// last pass are read and routed, and the states are handed on for the next pass.
extension SlicePass {
    /// A pass that continues `state`: the whole model's state, read up to its sequence, and its kept slices
    /// (``WindowState/slices``), for ``runIncremental(store:model:start:end:partial:evaluatedAt:skip:)``.
    /// The states move into the pass (`state` is left without them), so that folding copies none of them.
    /// - Precondition: `state` has kept slices.
    init(references: SliceEvaluator, continuing state: inout WindowState) throws(EvaluationError) {
        try self.init(references: references)
        swap(&whole, &state.accumulator)
        if let slices = state.slices {
            state.slices = nil
            versions = slices.versions
            segments = slices.segments
        }
        (sequence, labelSequence) = (state.sequence, state.labelSequence)
    }

    /// An incremental pass, for a pass made with ``init(references:continuing:)``: reads only the
    /// rows stored after the kept states' sequence, folds each into the whole model (shadow predictions
    /// excluded) and into its slices (``SegmentFolds/foldArrived(_:inWhole:references:)``), gathers crossing
    /// values when a state needs them, and evaluates the slices whose rows changed.
    ///
    /// - Returns: as ``run(store:model:start:end:partial:evaluatedAt:skip:)``; nil when the slices must be
    ///   rebuilt from every row instead: labels of rows already folded changed (the change log does not say
    ///   which slices they belong to), or a segment key's most frequent values changed.
    mutating func runIncremental(
        store: any StoragePort, model: ModelName, start: Int64, end: Int64, partial: Bool, evaluatedAt: Int64,
        skip: (SliceKey, String) -> Bool
    ) throws(EvaluationError) -> (results: [SliceWindowResult], present: [SliceKey])? {
        active = [.versions] + segments.indices.map { .segment($0) }
        deferred = []
        foldsWhole = true
        var failure: EvaluationError?
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: references.base.referenceVersion,
                afterSequence: sequence, afterLabelChange: labelSequence, chunkRows: Self.chunkRows, sliceColumns: true
            ) { chunk in
                guard failure == nil else { return }
                do throws(EvaluationError) { try foldArrived(chunk) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        guard read.labelChanges.isEmpty, segments.allSatisfy(\.keptValuesHold) else { return nil }
        (sequence, labelSequence) = (max(sequence, read.sequence), read.labelSequence)
        cost.rowsFolded = read.rows
        cost.slicedRows = read.slicedRows
        try gatherIfNeeded(store: store, model: model, start: start, end: end)
        let group = try groupResults(
            start: start, end: end, partial: partial, evaluatedAt: evaluatedAt, release: false, skip: skip)
        keepStates()
        return group
    }

    /// Routes the rows of one chunk of an incremental read.
    private mutating func foldArrived(_ chunk: WindowData) throws(EvaluationError) {
        let inWhole = Self.inWhole(chunk)
        if let inWhole {
            whole.add(chunk.rows(inWhole.indices.filter { inWhole[$0] }))
        } else {
            whole.add(chunk)
        }
        try foldVersions(chunk, Self.versionRows(chunk))
        for index in segments.indices {
            try segments[index].foldArrived(chunk, inWhole: inWhole, references: references)
        }
    }

    /// Hands the slices' states to ``kept`` when they fit in ``KeptSlices/budget``, and lets them go here.
    mutating func keepStates() {
        let slices = KeptSlices(versions: versions, segments: segments)
        versions = [:]
        segments = segments.map { $0.emptied() }
        kept = slices.bytes <= KeptSlices.budget ? slices : nil
    }
}
