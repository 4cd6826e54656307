public import DriftCore
import DriftStats

/// Evaluates every slice of one window (API.md, "Slices") with ``WindowEvaluator``: the rows of each
/// slice (``WindowSliceRouting``) against the slice's reference, each window's p-values adjusted by the
/// configured multiple-testing method.
///
/// Pure like ``WindowEvaluator``: the segment references are handed in by `segmentReferences`.
public struct SliceEvaluator: Sendable {
    /// The whole model's evaluator: its reference, schema and settings.
    public let base: WindowEvaluator
    /// The segment references of one categorical feature, by value.
    public let segmentReferences: @Sendable (String) throws(EvaluationError) -> [String: ReferenceSegment]

    public init(
        base: WindowEvaluator,
        segmentReferences: @escaping @Sendable (String) throws(EvaluationError) -> [String: ReferenceSegment]
    ) {
        self.base = base
        self.segmentReferences = segmentReferences
    }

    /// The window of every slice of `data` but the whole model, which the evaluation service streams
    /// (``WindowStateCache``) rather than evaluate again from these rows.
    ///
    /// - Parameters:
    ///   - skip: whether a slice's stored result already stands for these rows (its fingerprint); such
    ///     slices are left out of the answer.
    /// - Throws: ``EvaluationError/Code/typeMismatch`` as ``WindowEvaluator/evaluate(_:partial:evaluatedAt:)``.
    public func evaluate(
        _ data: WindowData, partial: Bool, evaluatedAt: Int64,
        skip: (SliceKey, String) -> Bool = { _, _ in false }
    ) throws(EvaluationError) -> (slices: [SliceWindowResult], present: [SliceKey]) {
        let settings = base.settings
        var slices: [SliceWindowResult] = []
        var present: [SliceKey] = []
        for routed in WindowSliceRouting.route(data, segments: settings.segments) {
            present.append(routed.slice)
            let fingerprint = SliceFingerprint.of(data, rows: routed.rows, settings: settings)
            if skip(routed.slice, fingerprint) { continue }
            let rows = data.rows(routed.rows)
            let (evaluator, scope) = try evaluator(for: routed.slice)
            let window = try evaluate(rows, with: evaluator, partial: partial, evaluatedAt: evaluatedAt)
            slices.append(
                SliceWindowResult(
                    slice: SliceDescription(
                        key: routed.slice.key ?? "", value: routed.slice.value, referenceScope: scope),
                    window: window, fingerprint: fingerprint))
        }
        return (slices, present)
    }

    /// One window by `evaluator`, its p-values adjusted.
    private func evaluate(_ data: WindowData, with evaluator: WindowEvaluator, partial: Bool, evaluatedAt: Int64)
        throws(EvaluationError) -> WindowResult
    {
        var result = try evaluator.evaluate(data, partial: partial, evaluatedAt: evaluatedAt)
        result.statistics = result.statistics.adjusted(
            by: evaluator.settings.multipleTesting, threshold: evaluator.settings.driftThreshold)
        return result
    }

    /// The evaluator of a slice and the reference it compares with: the model's for versions, tags and a
    /// feature's `__other__` and `__missing__`; the rows with the value for a value of a categorical
    /// feature when they are at least `min_samples`. A feature's own segments leave the feature out.
    func evaluator(for slice: SliceKey) throws(EvaluationError) -> (WindowEvaluator, ReferenceScope) {
        guard let key = slice.key, key != SliceKey.versionKey, base.profile.features[key] != nil,
            base.schema.type(of: key) == .categorical
        else { return (base, .model) }
        if slice.value != SliceKey.otherValue, slice.value != SliceKey.missingValue,
            let segment = try segmentReferences(key)[slice.value],
            segment.profile.rowCount >= base.settings.minSamples
        {
            return (
                WindowEvaluator(
                    profile: segment.profile.without(feature: key), schema: base.schema,
                    referenceVersion: base.referenceVersion, referencePerformance: segment.performance,
                    settings: base.settings),
                .segment
            )
        }
        return (
            WindowEvaluator(
                profile: base.profile.without(feature: key), schema: base.schema,
                referenceVersion: base.referenceVersion,
                referencePerformance: base.referencePerformance, settings: base.settings),
            .model
        )
    }
}

extension ReferenceProfile {
    /// The profile without one feature: a feature's segments do not compare the feature that defines them.
    func without(feature: String) -> ReferenceProfile {
        var profile = self
        profile.features[feature] = nil
        profile.featureOrder.removeAll { $0 == feature }
        return profile
    }
}
