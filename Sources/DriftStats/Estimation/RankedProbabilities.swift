/// A multiset of calibrated probabilities, quantised to integers (``quantised(_:)``), kept as a few sorted
/// runs together with the *rank sum* R = Σ_j j·q_(j) over the values in ascending order (0-based; equal
/// values in any order give the same sum). R is what the area under the expected ROC curve needs
/// (``ExpectedROCArea``); it is exact integer arithmetic, so it does not depend on the order or grouping in
/// which values arrive, and inserting a batch costs what the batch holds, not what the set holds:
///
///     R(A ∪ B) = R(A) + R(B) + Σ_{a ∈ A, b ∈ B} max(a, b),
///
/// because R is also the sum over all pairs of the larger value. For each b of a sorted batch the cross
/// term is b·#{a ≤ b} + Σ_{a > b} a, read from each run by a search and the run's prefix sums per block.
///
/// Runs are merged like a binary counter (a run at most twice the size of the newest absorbs it), except
/// that no merge builds a run beyond `largestMerge`: the runs stay few (about log₂ of the window's size
/// below that, plus one per `largestMerge` values above it) and no pass pays for rewriting the whole set.
/// Memory: 8 bytes per value and 16 per block of ``SortedQuantiles/blockSize``.
public struct RankedProbabilities: Sendable {
    /// The runs, oldest first, each ascending.
    private(set) var runs: [SortedQuantiles] = []
    /// R over every value.
    public private(set) var rankSum: UInt128 = 0
    /// Σ q over every value.
    public private(set) var total: UInt128 = 0
    /// Values held.
    public private(set) var count = 0

    /// The most values a merge builds into one run (4,194,304 unless a test asks for fewer).
    let largestMerge: Int

    /// 2⁵³: a probability p is held as round(p · 2⁵³), an integer in [0, 2⁵³] (exact for p ≥ ½, within
    /// 2⁻⁵⁴ below), which a Double converts back exactly.
    public static let scale: UInt64 = 1 << 53

    /// An empty set; `largestMerge` bounds the runs merges build.
    public init(largestMerge: Int = 1 << 22) {
        self.largestMerge = Swift.max(largestMerge, 1)
    }

    /// `probability` (clamped to [0, 1]; NaN as 0) as an integer multiple of 2⁻⁵³.
    public static func quantised(_ probability: Double) -> UInt64 {
        guard probability > 0 else { return 0 }
        guard probability < 1 else { return scale }
        return UInt64((probability * Double(scale)).rounded(.toNearestOrEven))
    }

    /// Adds the values of `batch` (quantised, in any order), sorting it in place and leaving it empty: the
    /// sorted values become a run without a copy.
    public mutating func insert(_ batch: inout [UInt64]) {
        guard !batch.isEmpty else { return }
        batch.sort()
        let sorted = batch
        batch = []
        var added: UInt128 = 0
        var batchTotal: UInt128 = 0
        for (rank, value) in sorted.enumerated() {
            added &+= UInt128(rank) &* UInt128(value)
            batchTotal &+= UInt128(value)
        }
        for run in runs { added &+= run.crossRankSum(with: sorted) }
        rankSum &+= added
        total &+= batchTotal
        count += sorted.count
        runs.append(SortedQuantiles(sorted))
        while runs.count >= 2, runs[runs.count - 2].count <= 2 * runs[runs.count - 1].count,
            runs[runs.count - 2].count + runs[runs.count - 1].count <= largestMerge
        {
            let newest = runs.removeLast()
            runs[runs.count - 1] = runs[runs.count - 1].merged(with: newest)
        }
    }

    /// Every value in ascending order, merging the runs into one (which the set then keeps).
    public mutating func ascending() -> [UInt64] {
        while runs.count >= 2 {
            let newest = runs.removeLast()
            runs[runs.count - 1] = runs[runs.count - 1].merged(with: newest)
        }
        return runs.first?.values ?? []
    }

    /// A set holding `values`, which must be ascending (as ``ascending()`` returns them): R is recomputed.
    /// - Returns: nil when `values` are not ascending or one exceeds ``scale``.
    public init?(ascending values: [UInt64]) {
        guard zip(values, values.dropFirst()).allSatisfy({ $0 <= $1 }), (values.last ?? 0) <= Self.scale else {
            return nil
        }
        self.init()
        guard !values.isEmpty else { return }
        for (rank, value) in values.enumerated() {
            rankSum &+= UInt128(rank) &* UInt128(value)
            total &+= UInt128(value)
        }
        count = values.count
        runs = [SortedQuantiles(values)]
    }

    /// About how many bytes the set holds.
    public var heldBytes: Int { runs.reduce(64) { $0 + $1.heldBytes } }
}

/// One ascending run of quantised values with the sum of the values before each block of ``blockSize``.
struct SortedQuantiles: Sendable {
    /// Values per block of the prefix sums.
    static let blockSize = 16
    let values: [UInt64]
    /// blockPrefix[b] = Σ values[0 ..< b · blockSize]; one entry more than the blocks.
    let blockPrefix: [UInt128]

    init(_ ascending: [UInt64]) {
        values = ascending
        var prefix: [UInt128] = []
        prefix.reserveCapacity(ascending.count / Self.blockSize + 2)
        var sum: UInt128 = 0
        for (index, value) in ascending.enumerated() {
            if index % Self.blockSize == 0 { prefix.append(sum) }
            sum &+= UInt128(value)
        }
        prefix.append(sum)
        blockPrefix = prefix
    }

    var count: Int { values.count }
    var total: UInt128 { blockPrefix.last ?? 0 }
    var heldBytes: Int { 8 * values.capacity + 16 * blockPrefix.capacity }

    /// Σ over b in `batch` (ascending) of Σ_{a in the run} max(a, b) = b·#{a ≤ b} + Σ_{a > b} a. The position
    /// of each b is found by a galloping search from the previous one (Bentley & Yao 1976), so a batch
    /// much smaller than the run costs about |batch|·log(|run|/|batch|) comparisons.
    func crossRankSum(with batch: [UInt64]) -> UInt128 {
        var sum: UInt128 = 0
        var position = 0
        let runTotal = total
        values.withUnsafeBufferPointer { run in
            for value in batch {
                position = Self.upperBound(of: value, in: run, from: position)
                sum &+= UInt128(value) &* UInt128(position) &+ (runTotal &- prefixSum(upTo: position, run))
            }
        }
        return sum
    }

    /// Σ values[0 ..< position].
    private func prefixSum(upTo position: Int, _ run: UnsafeBufferPointer<UInt64>) -> UInt128 {
        let block = position / Self.blockSize
        var sum = blockPrefix[block]
        var index = block * Self.blockSize
        while index < position {
            sum &+= UInt128(run[index])
            index += 1
        }
        return sum
    }

    /// The first index ≥ `start` whose value exceeds `value` (the run's count when none does): steps of
    /// doubling size from `start`, then a binary search in the last step.
    private static func upperBound(of value: UInt64, in run: UnsafeBufferPointer<UInt64>, from start: Int) -> Int {
        var low = start
        var step = 1
        var high = start
        while high < run.count && run[high] <= value {
            low = high + 1
            high += step
            step *= 2
        }
        high = Swift.min(high, run.count)
        while low < high {
            let middle = (low + high) / 2
            if run[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// This run and `other` merged into one ascending run.
    func merged(with other: SortedQuantiles) -> SortedQuantiles {
        var result: [UInt64] = []
        result.reserveCapacity(values.count + other.values.count)
        var i = 0
        var j = 0
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                while i < a.count && j < b.count {
                    if b[j] < a[i] {
                        result.append(b[j])
                        j += 1
                    } else {
                        result.append(a[i])
                        i += 1
                    }
                }
                result.append(contentsOf: a[i...])
                result.append(contentsOf: b[j...])
            }
        }
        return SortedQuantiles(result)
    }
}
