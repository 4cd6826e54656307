import DriftCore

extension EvaluationService {
    /// Evaluates every slice of one window but the whole model (streamed by the caller), saves the slices
    /// whose rows changed since their last evaluation (or whose window became final), and drops stored
    /// slices the window no longer has.
    func evaluateSlices(
        model: ModelName, data: WindowData, evaluator: WindowEvaluator, partial: Bool, now: Int64
    ) throws(EvaluationError) {
        let segmentReferences = self.segmentReferences
        let version = evaluator.referenceVersion
        let sliceEvaluator = SliceEvaluator(base: evaluator) { feature throws(EvaluationError) in
            try segmentReferences.segments(model: model, version: version, feature: feature)
        }
        let stored = try EvaluationError.store { () throws(StoreError) in
            try store.sliceWindowStatuses(model: model, windowStart: data.start)
        }
        let outcome = try sliceEvaluator.evaluate(data, partial: partial, evaluatedAt: now) { slice, fingerprint in
            guard let status = stored[slice.description] else { return false }
            return status.fingerprint == fingerprint && status.referenceVersion == version && status.partial == partial
        }
        var records: [StoredSliceWindowResult] = []
        records.reserveCapacity(outcome.slices.count)
        for slice in outcome.slices {
            records.append(
                StoredSliceWindowResult(
                    slice: slice.slice.sliceKey.description, referenceScope: slice.slice.referenceScope.rawValue,
                    window: try StoredWindowResult(slice.window),
                    eventCount: slice.window.statistics.count, fingerprint: slice.fingerprint))
        }
        try EvaluationError.store { () throws(StoreError) in
            try store.saveSliceWindowResults(model: model, records)
            if stored.keys.contains(where: { !outcome.present.contains(SliceKey(parsing: $0) ?? .whole) }) {
                try store.deleteSliceWindowResults(
                    model: model, windowStart: data.start, keeping: Set(outcome.present.map(\.description)))
            }
        }
    }
}
