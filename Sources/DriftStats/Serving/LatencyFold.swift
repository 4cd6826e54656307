/// The latencies of a window, folded batch by batch as they arrive, for the window's ``LatencySummary``:
/// the same summary as ``LatencySummary/init(latencies:)`` of every value, at a cost per pass that depends
/// on the batch, not on the window.
///
/// Percentiles need every value in order, so the fold keeps each one (8 bytes an event), as a few ascending
/// runs: each batch is sorted into a run of its own, and runs are merged like a binary counter (a run at
/// most twice the size of the newest absorbs it), except that no merge builds a run beyond `largestMerge`
/// values. A pass therefore sorts what arrived and merges, amortised, a logarithmic number of times per
/// value, instead of sorting (and summing) the whole window again. The k-th smallest value over the runs is
/// found by bisection on the values' bit patterns, which order non-negative doubles as the numbers do
/// (a count of the values ≤ a bound is one binary search per run). The count, the exact sum (``ExactSum``,
/// whose value does not depend on the order of the terms) and the maximum are kept as values arrive.
public struct LatencyFold: Sendable {
    /// The runs, each ascending, oldest (and largest) first.
    private var runs: [[Double]] = []
    private var sum = ExactSum()
    /// Values held.
    public private(set) var count = 0
    private var maximum = 0.0
    /// The most values a merge builds into one run.
    let largestMerge: Int

    /// An empty fold; `largestMerge` bounds the runs merges build (4,194,304 unless a test asks for fewer).
    public init(largestMerge: Int = 1 << 22) {
        self.largestMerge = Swift.max(largestMerge, 1)
    }

    /// A fold holding `values` (any order; those that are not finite and ≥ 0 are left out).
    public init(values: [Double], largestMerge: Int = 1 << 22) {
        self.init(largestMerge: largestMerge)
        add(values)
    }

    /// Adds the values of `batch` that are finite and ≥ 0 (−0 is held as 0), as ``LatencySummary`` counts them.
    public mutating func add(_ batch: [Double]) {
        var run: [Double] = []
        run.reserveCapacity(batch.count)
        for value in batch where value.isFinite && value >= 0 {
            // + 0 turns −0 into 0, so that bit patterns order every value held.
            let held = value + 0
            run.append(held)
            sum.add(held)
            maximum = Swift.max(maximum, held)
        }
        guard !run.isEmpty else { return }
        run.sort()
        count += run.count
        runs.append(run)
        while runs.count >= 2, runs[runs.count - 2].count <= 2 * runs[runs.count - 1].count,
            runs[runs.count - 2].count + runs[runs.count - 1].count <= largestMerge
        {
            let newest = runs.removeLast()
            runs[runs.count - 1] = Self.merged(runs[runs.count - 1], newest)
        }
    }

    /// The summary of every value held (nil when none is): ``LatencySummary/init(latencies:)``'s.
    public func summary() -> LatencySummary? {
        guard count > 0 else { return nil }
        let percentiles = [0.5, 0.9, 0.99].map { q in
            Quantile.type7(count: count, q: q) { orderStatistic($0) }
        }
        return LatencySummary(
            count: count, mean: sum.value / Double(count), p50: percentiles[0], p90: percentiles[1],
            p99: percentiles[2], max: maximum)
    }

    /// Every value held, ascending (the runs merged).
    public func ascending() -> [Double] {
        runs.dropFirst().reduce(runs.first ?? []) { Self.merged($0, $1) }
    }

    /// Runs held (for tests of the merging).
    var runCount: Int { runs.count }

    /// About how many bytes the fold holds.
    public var heldBytes: Int { runs.reduce(64 + 8 * sum.partials.capacity) { $0 + 8 * $1.capacity } }

    /// The k-th smallest value held (0 ≤ k < ``count``): the smallest bit pattern whose value has more than
    /// k values at or below it.
    private func orderStatistic(_ k: Int) -> Double {
        if runs.count == 1 { return runs[0][k] }
        var low: UInt64 = 0
        var high = maximum.bitPattern
        while low < high {
            let middle = low + (high - low) / 2
            if atOrBelow(Double(bitPattern: middle)) > k { high = middle } else { low = middle + 1 }
        }
        return Double(bitPattern: low)
    }

    /// How many values held are ≤ `bound`.
    private func atOrBelow(_ bound: Double) -> Int {
        var total = 0
        for run in runs {
            var (low, high) = (0, run.count)
            while low < high {
                let middle = (low + high) / 2
                if run[middle] <= bound { low = middle + 1 } else { high = middle }
            }
            total += low
        }
        return total
    }

    /// The values of two ascending runs, ascending.
    private static func merged(_ first: [Double], _ second: [Double]) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(first.count + second.count)
        var (i, j) = (0, 0)
        while i < first.count && j < second.count {
            if second[j] < first[i] {
                result.append(second[j])
                j += 1
            } else {
                result.append(first[i])
                i += 1
            }
        }
        result.append(contentsOf: first[i...])
        result.append(contentsOf: second[j...])
        return result
    }
}
