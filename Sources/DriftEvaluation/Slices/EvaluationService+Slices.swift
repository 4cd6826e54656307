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
    /// result (its state kept for the next pass), saves the slices whose rows changed since their last
    /// evaluation (or whose window became final), and drops stored slices the window no longer has.
    func evaluateWithSlices(
        model: ModelName, start: Int64, end: Int64, partial: Bool, reference: StoredReference,
        settings: EvaluationSettings, now: Int64
    ) throws(EvaluationError) -> WindowResult {
        let segmentReferences = self.segmentReferences
        let version = reference.version
        let references = SliceEvaluator(base: WindowEvaluator(reference: reference, settings: settings)) {
            feature throws(EvaluationError) in
            try segmentReferences.segments(model: model, version: version, feature: feature)
        }
        let stored = try EvaluationError.store { () throws(StoreError) in
            try store.sliceWindowStatuses(model: model, windowStart: start)
        }
        var pass = try SlicePass(references: references)
        let outcome = try pass.run(
            store: store, model: model, start: start, end: end, partial: partial, evaluatedAt: now
        ) { slice, fingerprint in
            guard let status = stored[slice.description] else { return false }
            return status.fingerprint == fingerprint && status.referenceVersion == version && status.partial == partial
        }

        var state = WindowState(
            referenceVersion: version, settings: settings, accumulator: pass.whole, sequence: pass.sequence,
            labelSequence: pass.labelSequence)
        state.slicedRows = pass.cost.slicedRows
        let statistics = try state.accumulator.statistics(referencePerformance: reference.performance)
        var cost = pass.cost
        cost.keptValues = state.accumulator.keptValues
        windowStates.keep(state, model: model, start: start, cost: cost)

        var records: [StoredSliceWindowResult] = []
        records.reserveCapacity(outcome.results.count)
        for slice in outcome.results {
            records.append(
                StoredSliceWindowResult(
                    slice: slice.slice.sliceKey.description, referenceScope: slice.slice.referenceScope.rawValue,
                    window: try StoredWindowResult(slice.window),
                    eventCount: slice.window.statistics.count, fingerprint: slice.fingerprint))
        }
        let present = Set(outcome.present.map(\.description))
        try EvaluationError.store { () throws(StoreError) in
            try store.saveSliceWindowResults(model: model, records)
            if stored.keys.contains(where: { !present.contains($0) }) {
                try store.deleteSliceWindowResults(model: model, windowStart: start, keeping: present)
            }
        }
        return WindowResult(
            start: start, end: end, partial: partial, referenceVersion: version, evaluatedAt: now, evaluations: 1,
            statistics: statistics)
    }
}
