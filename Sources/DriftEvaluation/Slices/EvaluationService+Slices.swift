import DriftCore

extension EvaluationService {
    /// Whether a pass over the window of `model` at `start` must route rows to slices: segment keys are
    /// configured, or the window held versions, tags or shadow predictions when last seen, or there is
    /// no usable kept state to tell (the state is rebuilt from every row then anyway).
    func windowNeedsSlices(
        model: ModelName, start: Int64, reference: StoredReference, settings: EvaluationSettings
    ) -> Bool {
        guard settings.segments.keys.isEmpty, store.incrementalWindowReads,
            let kept = windowStates.peek(model: model, start: start),
            kept.referenceVersion == reference.version, kept.settings == settings
        else { return true }
        return kept.slicedRows > 0
    }

    /// Evaluates one window with its slices in one streamed pass (``SlicePass``): returns the whole model's
    /// result (its state, and the slices' states when they fit in ``KeptSlices/budget``, kept for the next
    /// pass, which then reads only the rows stored since), saves the slices whose rows changed since their
    /// last evaluation (or whose window became final), and drops stored slices the window no longer has.
    ///
    /// - Returns: the whole model's result, and whether the pass read every row of the window.
    func evaluateWithSlices(
        model: ModelName, start: Int64, end: Int64, partial: Bool, reference: StoredReference,
        settings: EvaluationSettings, now: Int64
    ) throws(EvaluationError) -> (result: WindowResult, full: Bool) {
        let version = reference.version
        let references = sliceReferences(model: model, reference: reference, settings: settings)
        let stored = try EvaluationError.store { () throws(StoreError) in
            try store.sliceWindowStatuses(model: model, windowStart: start)
        }
        let skip = { (slice: SliceKey, fingerprint: String) -> Bool in
            guard let status = stored[slice.description] else { return false }
            return status.fingerprint == fingerprint && status.referenceVersion == version && status.partial == partial
        }
        // The slices' states kept by the last pass are continued with the rows stored since; a pass that
        // cannot continue them (SlicePass.runIncremental) leaves them, and every row is routed again.
        var continued: (pass: SlicePass, outcome: (results: [SliceWindowResult], present: [SliceKey]), sliced: Int)?
        if store.incrementalWindowReads, var kept = windowStates.take(model: model, start: start),
            kept.slices != nil, kept.referenceVersion == version, kept.settings == settings
        {
            var pass = try SlicePass(references: references, continuing: &kept)
            if let outcome = try pass.runIncremental(
                store: store, model: model, start: start, end: end, partial: partial, evaluatedAt: now, skip: skip)
            {
                continued = (pass, outcome, kept.slicedRows)
            }
        }
        var pass: SlicePass
        let evaluated: (results: [SliceWindowResult], present: [SliceKey])
        let slicedBefore: Int
        let full = continued == nil
        if let taken = continued {
            (pass, evaluated, slicedBefore) = taken
            continued = nil  // the pass's states held once, so that taking the statistics copies none
        } else {
            pass = try SlicePass(references: references)
            evaluated = try pass.run(
                store: store, model: model, start: start, end: end, partial: partial, evaluatedAt: now, skip: skip)
            slicedBefore = 0
        }

        var state = WindowState(
            referenceVersion: version, settings: settings, accumulator: pass.whole, sequence: pass.sequence,
            labelSequence: pass.labelSequence)
        state.slicedRows = slicedBefore + pass.cost.slicedRows
        state.slices = pass.kept
        let statistics = try state.accumulator.statistics(referencePerformance: reference.performance)
        var cost = pass.cost
        cost.keptValues = state.accumulator.keptValues
        windowStates.keep(state, model: model, start: start, cost: cost)

        var records: [StoredSliceWindowResult] = []
        records.reserveCapacity(evaluated.results.count)
        for slice in evaluated.results {
            records.append(
                StoredSliceWindowResult(
                    slice: slice.slice.sliceKey.description, referenceScope: slice.slice.referenceScope.rawValue,
                    window: try StoredWindowResult(slice.window),
                    eventCount: slice.window.statistics.count, fingerprint: slice.fingerprint))
        }
        let present = Set(evaluated.present.map(\.description))
        try EvaluationError.store { () throws(StoreError) in
            try store.saveSliceWindowResults(model: model, records)
            if stored.keys.contains(where: { !present.contains($0) }) {
                try store.deleteSliceWindowResults(model: model, windowStart: start, keeping: present)
            }
        }
        let result = WindowResult(
            start: start, end: end, partial: partial, referenceVersion: version, evaluatedAt: now, evaluations: 1,
            statistics: statistics)
        return (result, full)
    }

    /// The references of `model`'s slices against `reference`: the whole model's, and each feature key's
    /// segment references, read from the store on first use and cached (``SegmentReferenceCache``).
    func sliceReferences(model: ModelName, reference: StoredReference, settings: EvaluationSettings) -> SliceEvaluator {
        let segmentReferences = self.segmentReferences
        let version = reference.version
        return SliceEvaluator(base: WindowEvaluator(reference: reference, settings: settings)) {
            feature throws(EvaluationError) in
            try segmentReferences.segments(model: model, version: version, feature: feature)
        }
    }
}
