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

    /// The most the state's reference-sized part can take (``estimatedBytes(of:)``).
    let denseBytes: Int
    /// Numeric features of the slice's reference.
    let numericFeatures: Int

    init(slice: SliceKey, references: SliceEvaluator) throws(EvaluationError) {
        self.slice = slice
        (evaluator, scope) = try references.evaluator(for: slice)
        accumulator = evaluator.makeAccumulator(keptBudget: Self.keptBudget)
        fingerprint = SliceFingerprint(settings: evaluator.settings)
        denseBytes = Self.estimatedBytes(of: evaluator.profile)
        numericFeatures = Self.numericFeatures(of: evaluator.profile)
    }

    /// The bytes the state holds now (``WindowAccumulator/heldBytes``).
    var bytes: Int { accumulator.heldBytes }

    /// At most how many bytes the state holds after folding `rows` more rows (``bound(held:dense:rows:numericFeatures:)``).
    func bytes(afterAdding rows: Int) -> Int {
        Self.bound(held: bytes, dense: denseBytes, rows: rows, numericFeatures: numericFeatures)
    }

    /// Bytes a row may add beside its numeric values: an estimate word, a score and label, a latency.
    static let rowBytes = 32

    /// An upper bound of a state holding `held` bytes after `rows` more rows: each numeric value kept by a
    /// sparse fold takes at most 16 bytes (``SparseNumericFold``), and a feature that moves to the dense
    /// fold takes at most its share of `dense` (``estimatedBytes(of:)``), whichever is less; the columns
    /// that grow with the rows (estimated performance, ROC AUC, latency) take ``rowBytes`` a row.
    static func bound(held: Int, dense: Int, rows: Int, numericFeatures: Int) -> Int {
        min(held + rows * (16 * numericFeatures + rowBytes), max(held, dense) + rows * rowBytes)
    }

    /// Numeric features (the prediction included when numeric) of `profile`.
    static func numericFeatures(of profile: ReferenceProfile) -> Int {
        profile.features.values.reduce(0) { count, feature in
            if case .numeric = feature { count + 1 } else { count }
        }
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
    /// bound; a pass bounds its slices' states with it (``bound(held:dense:rows:numericFeatures:)``).
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

    /// Folds rows `work[i].rows` of `chunk` into `folds[work[i].index]` for every i (distinct indices), the
    /// slices on both cores at once: each slice's state is its own, and spreading slices keeps both cores
    /// busy where one slice's few rows leave a split of its features little to share.
    static func add(_ chunk: WindowData, to folds: inout [SliceFold], rows work: [(index: Int, rows: [Int])]) {
        folds.withUnsafeMutableBufferPointer { folds in
            ForkJoin.forEach(work.count, width: ForkJoin.processorCount) { item in
                folds[work[item].index].add(chunk, rows: work[item].rows)
            }
        }
    }

    /// Prepares the crossing read when the slice needs one (``WindowAccumulator/needsGather``) and returns
    /// the features it reads; nil when the slice needs none.
    /// A slice kept from an earlier pass that needs no gather now is not fed this read's rows.
    mutating func prepareGather() -> Set<String>? {
        gathering = accumulator.needsGather
        guard gathering else { return nil }
        accumulator.prepareGather()
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
