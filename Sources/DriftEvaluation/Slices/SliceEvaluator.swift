public import DriftCore
import DriftStats

/// Decides each slice's reference (API.md, "Slices"): the ``WindowEvaluator`` a slice's rows are folded
/// and evaluated with in a streamed pass (``SlicePass``).
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
