import DriftCore
import DriftStats

/// One slice's share of a streamed window pass: its streaming state against the slice's reference and
/// the fingerprint of its rows, fed chunk by chunk with the rows the router picked.
struct SliceFold: Sendable {
    /// The slice.
    let slice: SliceKey
    /// The evaluator of the slice's reference (``SliceEvaluator/evaluator(for:)``).
    let evaluator: WindowEvaluator
    /// Which reference that is.
    let scope: ReferenceScope
    var accumulator: WindowAccumulator
    var fingerprint: SliceFingerprint
    /// Whether the crossing read feeds this slice.
    private(set) var gathering = false

    /// The state's size, estimated from its reference (``estimatedBytes(of:)``).
    let bytes: Int

    init(slice: SliceKey, references: SliceEvaluator) throws(EvaluationError) {
        self.slice = slice
        (evaluator, scope) = try references.evaluator(for: slice)
        accumulator = evaluator.makeAccumulator(keptBudget: Self.keptBudget)
        fingerprint = SliceFingerprint(settings: evaluator.settings)
        bytes = Self.estimatedBytes(of: evaluator.profile)
    }

    /// Values a slice's numeric feature keeps for slots near a crossing (the whole model keeps
    /// ``NumericFold/defaultKeptBudget``): a slice is folded again only when its rows change, so its
    /// states stay small, at the price of a second read more often.
    static let keptBudget = 0

    /// About how many bytes a slice's ``WindowAccumulator`` against `profile` holds at most: per numeric
    /// feature, 24 bytes per reference breakpoint (two 4-byte counts and two 8-byte fractions per slot;
    /// the reference's value count bounds its distinct values) and up to twice ``keptBudget`` kept values
    /// of 8 bytes, plus a little per feature. A slice with fewer values than that keeps them instead
    /// (``SparseNumericFold``, at most 16 bytes a value up to 1.5 values a breakpoint), within the same
    /// bound. A pass keeps its slices' states under ``SlicePass/stateBudget`` with it.
    static func estimatedBytes(of profile: ReferenceProfile) -> Int {
        var bytes = 4_096
        for feature in profile.features.values {
            switch feature {
            case .numeric(let numeric): bytes += 24 * numeric.count + 16 * keptBudget + 256
            case .categorical: bytes += 1_024
            }
        }
        return bytes
    }

    /// Folds rows `rows` (ascending) of `chunk`.
    mutating func add(_ chunk: WindowData, rows: [Int]) {
        guard !rows.isEmpty else { return }
        fingerprint.add(chunk, rows: rows)
        accumulator.add(rows.count == chunk.count ? chunk : chunk.rows(rows))
    }

    /// Prepares the crossing read when the slice needs one (``WindowAccumulator/needsGather``) and returns
    /// the features it reads; nil when the slice needs none.
    mutating func prepareGather() -> Set<String>? {
        guard accumulator.needsGather else { return nil }
        accumulator.prepareGather()
        gathering = true
        return accumulator.featuresToGather
    }

    /// Keeps the watched values of rows `rows` of `chunk` when the slice is gathering (the crossing read,
    /// see ``WindowAccumulator/gather(_:)``).
    mutating func gather(_ chunk: WindowData, rows: [Int]) {
        guard gathering, !rows.isEmpty else { return }
        accumulator.gather(rows.count == chunk.count ? chunk : chunk.rows(rows))
    }

    /// The slice's window, its p-values adjusted by the configured multiple-testing method.
    /// - Precondition: the accumulator needs no gather.
    mutating func result(start: Int64, end: Int64, partial: Bool, evaluatedAt: Int64) throws(EvaluationError)
        -> SliceWindowResult
    {
        var statistics = try accumulator.statistics(referencePerformance: evaluator.referencePerformance)
        statistics = statistics.adjusted(
            by: evaluator.settings.multipleTesting, threshold: evaluator.settings.driftThreshold)
        let window = WindowResult(
            start: start, end: end, partial: partial, referenceVersion: evaluator.referenceVersion,
            evaluatedAt: evaluatedAt, evaluations: 1, statistics: statistics)
        return SliceWindowResult(
            slice: SliceDescription(key: slice.key ?? "", value: slice.value, referenceScope: scope), window: window,
            fingerprint: fingerprint.value)
    }
}
