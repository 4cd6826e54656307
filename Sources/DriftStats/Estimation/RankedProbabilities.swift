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
/// that no merge builds a run beyond `largestMerge` values: the runs stay few (about log₂ of the window's
/// size below that, plus one per `largestMerge` values above it) and no pass pays for rewriting the whole set.
///
/// A run holds each distinct value once with its multiplicity. A calibration is an isotonic fit, flat
/// over each of its blocks, so most events of a window share one of a few thousand probabilities; only
/// scores between two blocks' reference points are interpolated to values of their own. Memory: 12 bytes
/// per distinct value of a run plus 24 per block of ``SortedQuantiles/blockSize`` (at most about 13.5
/// bytes per event when every probability differs; at 10M events of the benchmark, a few MB instead of 80).
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

    /// Adds the values of `batch` (quantised, in any order), sorting it in place and leaving it empty.
    public mutating func insert(_ batch: inout [UInt64]) {
        guard !batch.isEmpty else { return }
        batch.sort()
        let run = SortedQuantiles(ascending: batch)
        batch = []
        add(run)
    }

    /// Adds a run: its own rank sum plus its cross term with every run held, then merges.
    private mutating func add(_ run: SortedQuantiles) {
        var added = run.rankSum
        for held in runs { added &+= held.crossRankSum(with: run) }
        rankSum &+= added
        total &+= run.total
        count += run.count
        SortedQuantiles.push(run, onto: &runs, largestMerge: largestMerge)
    }

    /// Every distinct value in ascending order with its multiplicity, merging the runs into one (which the
    /// set then keeps). A value is listed twice only when it occurs more than 2³² − 1 times.
    public mutating func distinctAscending() -> (values: [UInt64], multiplicities: [UInt32]) {
        runs = SortedQuantiles.merged(runs).map { [$0] } ?? []
        return (runs.first?.values ?? [], runs.first?.multiplicities ?? [])
    }

    /// Every value in ascending order, each as often as it occurs (``distinctAscending()`` expanded).
    public mutating func ascending() -> [UInt64] {
        let (values, multiplicities) = distinctAscending()
        var expanded: [UInt64] = []
        expanded.reserveCapacity(count)
        for (value, multiplicity) in zip(values, multiplicities) {
            expanded.append(contentsOf: repeatElement(value, count: Int(multiplicity)))
        }
        return expanded
    }

    /// A set holding each of `values` (ascending) as often as `multiplicities` says, as
    /// ``distinctAscending()`` returns them: R is recomputed.
    /// - Returns: nil when the two differ in length, `values` are not ascending, one exceeds ``scale``, or
    ///   a multiplicity is 0.
    public init?(values: [UInt64], multiplicities: [UInt32]) {
        guard values.count == multiplicities.count, zip(values, values.dropFirst()).allSatisfy({ $0 <= $1 }),
            (values.last ?? 0) <= Self.scale, !multiplicities.contains(0)
        else { return nil }
        self.init()
        guard !values.isEmpty else { return }
        add(SortedQuantiles(values: values, multiplicities: multiplicities))
    }

    /// About how many bytes the set holds.
    public var heldBytes: Int { runs.reduce(64) { $0 + $1.heldBytes } }
}

/// One ascending run of quantised values: each distinct value once with its multiplicity, and before
/// each block of ``blockSize`` entries the sum and the number of the values in the blocks before it.
struct SortedQuantiles: Sendable {
    /// Entries per block of the prefix sums.
    static let blockSize = 16
    /// The distinct values, ascending (a value repeats only when it occurs more than 2³² − 1 times).
    let values: [UInt64]
    /// How many times each value occurs (≥ 1).
    let multiplicities: [UInt32]
    /// blockPrefix[b] = Σ value·multiplicity over the entries before b · blockSize; one more than the blocks.
    let blockPrefix: [UInt128]
    /// blockCount[b] = Σ multiplicity over the entries before b · blockSize; one more than the blocks.
    let blockCount: [Int]

    /// The run of `ascending` values (each listed as often as it occurs).
    init(ascending: [UInt64]) {
        var values: [UInt64] = []
        var multiplicities: [UInt32] = []
        for value in ascending {
            if let last = values.last, last == value, multiplicities[multiplicities.count - 1] < UInt32.max {
                multiplicities[multiplicities.count - 1] += 1
            } else {
                values.append(value)
                multiplicities.append(1)
            }
        }
        self.init(values: values, multiplicities: multiplicities)
    }

    /// The run of distinct `values` (ascending) with their `multiplicities` (as many, each ≥ 1).
    init(values: [UInt64], multiplicities: [UInt32]) {
        self.values = values
        self.multiplicities = multiplicities
        var prefix: [UInt128] = []
        var counts: [Int] = []
        prefix.reserveCapacity(values.count / Self.blockSize + 2)
        counts.reserveCapacity(values.count / Self.blockSize + 2)
        var sum: UInt128 = 0
        var count = 0
        for index in values.indices {
            if index % Self.blockSize == 0 {
                prefix.append(sum)
                counts.append(count)
            }
            sum &+= UInt128(values[index]) &* UInt128(multiplicities[index])
            count += Int(multiplicities[index])
        }
        prefix.append(sum)
        counts.append(count)
        blockPrefix = prefix
        blockCount = counts
    }

    /// Values held, each counted as often as it occurs.
    var count: Int { blockCount.last ?? 0 }
    var total: UInt128 { blockPrefix.last ?? 0 }
    var heldBytes: Int {
        8 * values.capacity + 4 * multiplicities.capacity + 16 * blockPrefix.capacity + 8 * blockCount.capacity
    }

    /// Σ_j j·q_(j) over the run's values in ascending order: a value of multiplicity k at ranks s … s + k − 1
    /// adds q·(k·s + k(k − 1)/2).
    var rankSum: UInt128 {
        var sum: UInt128 = 0
        var below: UInt128 = 0
        for (value, multiplicity) in zip(values, multiplicities) {
            let k = UInt128(multiplicity)
            sum &+= UInt128(value) &* (k &* below &+ k &* (k &- 1) / 2)
            below &+= k
        }
        return sum
    }

    /// Σ over the values b of `batch` (each as often as it occurs) of Σ_{a in this run} max(a, b) =
    /// b·#{a ≤ b} + Σ_{a > b} a. The position of each b is found by a galloping search from the previous
    /// one (Bentley & Yao 1976), so a batch much smaller than the run costs about |batch|·log(|run|/|batch|)
    /// comparisons.
    func crossRankSum(with batch: SortedQuantiles) -> UInt128 {
        var sum: UInt128 = 0
        var position = 0
        let runTotal = total
        values.withUnsafeBufferPointer { run in
            multiplicities.withUnsafeBufferPointer { runMultiplicities in
                for (value, multiplicity) in zip(batch.values, batch.multiplicities) {
                    position = Self.upperBound(of: value, in: run, from: position)
                    let (atOrBelow, sumAtOrBelow) = prefix(upTo: position, run, runMultiplicities)
                    let perValue = UInt128(value) &* UInt128(atOrBelow) &+ (runTotal &- sumAtOrBelow)
                    sum &+= UInt128(multiplicity) &* perValue
                }
            }
        }
        return sum
    }

    /// Appends `run` to `runs` (oldest first) and merges like a binary counter: a run at most twice the size of
    /// the newest absorbs it, unless together they would hold more than `largestMerge` values.
    static func push(_ run: SortedQuantiles, onto runs: inout [SortedQuantiles], largestMerge: Int) {
        runs.append(run)
        while runs.count >= 2, runs[runs.count - 2].count <= 2 * runs[runs.count - 1].count,
            runs[runs.count - 2].count + runs[runs.count - 1].count <= largestMerge
        {
            let newest = runs.removeLast()
            runs[runs.count - 1] = runs[runs.count - 1].merged(with: newest)
        }
    }

    /// Every run of `runs` merged into one (nil for none).
    static func merged(_ runs: [SortedQuantiles]) -> SortedQuantiles? {
        runs.dropFirst().reduce(runs.first) { $0?.merged(with: $1) }
    }

    /// How many values of the run (each counted as often as it occurs) are ≤ `value`.
    func count(atOrBelow value: UInt64) -> Int {
        values.withUnsafeBufferPointer { run in
            multiplicities.withUnsafeBufferPointer { runMultiplicities in
                let position = Self.upperBound(of: value, in: run, from: 0)
                let block = position / Self.blockSize
                var count = blockCount[block]
                for index in (block * Self.blockSize)..<position { count += Int(runMultiplicities[index]) }
                return count
            }
        }
    }

    /// The number and the sum of the values of the entries before `position`.
    private func prefix(
        upTo position: Int, _ run: UnsafeBufferPointer<UInt64>, _ runMultiplicities: UnsafeBufferPointer<UInt32>
    ) -> (count: Int, sum: UInt128) {
        let block = position / Self.blockSize
        var sum = blockPrefix[block]
        var count = blockCount[block]
        var index = block * Self.blockSize
        while index < position {
            sum &+= UInt128(run[index]) &* UInt128(runMultiplicities[index])
            count += Int(runMultiplicities[index])
            index += 1
        }
        return (count, sum)
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

    /// This run and `other` merged into one ascending run, equal values combined into one entry (two when
    /// their multiplicities together pass 2³² − 1).
    func merged(with other: SortedQuantiles) -> SortedQuantiles {
        var resultValues: [UInt64] = []
        var resultMultiplicities: [UInt32] = []
        resultValues.reserveCapacity(values.count + other.values.count)
        resultMultiplicities.reserveCapacity(values.count + other.values.count)
        func append(_ value: UInt64, _ multiplicity: UInt32) {
            if let last = resultValues.last, last == value {
                let (combined, overflow) = resultMultiplicities[resultMultiplicities.count - 1]
                    .addingReportingOverflow(multiplicity)
                if !overflow {
                    resultMultiplicities[resultMultiplicities.count - 1] = combined
                    return
                }
            }
            resultValues.append(value)
            resultMultiplicities.append(multiplicity)
        }
        var i = 0
        var j = 0
        while i < values.count || j < other.values.count {
            if j == other.values.count || (i < values.count && values[i] <= other.values[j]) {
                append(values[i], multiplicities[i])
                i += 1
            } else {
                append(other.values[j], other.multiplicities[j])
                j += 1
            }
        }
        return SortedQuantiles(values: resultValues, multiplicities: resultMultiplicities)
    }
}
