/// The latencies of a window, folded batch by batch as they arrive, for the window's ``LatencySummary``:
/// the same summary as ``LatencySummary/init(latencies:)`` of every value, at a cost per pass that depends
/// on the batch, not on the window.
///
/// Percentiles need every value in order, so the fold keeps them all, as a few ascending runs in which each
/// distinct value is held once with its multiplicity (``SortedQuantiles``, the runs CBPE keeps): latencies
/// reported in whole or hundredths of milliseconds take a few thousand entries whatever the window's size,
/// and at most about 13.5 bytes an event when every value differs. Each batch is sorted into a run of its
/// own, and runs are merged like a binary counter (a run at most twice the size of the newest absorbs it),
/// except that no merge builds a run of more than `largestMerge` values (``SortedQuantiles/push``, as
/// CBPE's runs are). A pass therefore sorts what arrived and merges, amortised, a logarithmic number of
/// times per value, instead of sorting (and summing) the whole window again.
///
/// A value is held as its bit pattern, which orders non-negative doubles as the numbers do. The k-th
/// smallest value over the runs is found by bisection on the bit patterns (a count of the values ≤ a bound
/// is one search per run). The count, the exact sum (``ExactSum``, whose value does not depend on the order
/// of the terms) and the maximum are kept as values arrive.
public struct LatencyFold: Sendable {
    /// The runs, each ascending, oldest (and largest) first.
    private var runs: [SortedQuantiles] = []
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
        var patterns: [UInt64] = []
        patterns.reserveCapacity(batch.count)
        for value in batch where value.isFinite && value >= 0 {
            // + 0 turns −0 into 0, so that bit patterns order every value held.
            let held = value + 0
            patterns.append(held.bitPattern)
            sum.add(held)
            maximum = Swift.max(maximum, held)
        }
        guard !patterns.isEmpty else { return }
        patterns.sort()
        count += patterns.count
        SortedQuantiles.push(SortedQuantiles(ascending: patterns), onto: &runs, largestMerge: largestMerge)
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

    /// Every value held, ascending, each as often as it occurs.
    public func ascending() -> [Double] {
        guard let merged = SortedQuantiles.merged(runs) else { return [] }
        var values: [Double] = []
        values.reserveCapacity(count)
        for (pattern, multiplicity) in zip(merged.values, merged.multiplicities) {
            values.append(contentsOf: repeatElement(Double(bitPattern: pattern), count: Int(multiplicity)))
        }
        return values
    }

    /// Runs held (for tests of the merging).
    var runCount: Int { runs.count }

    /// Distinct entries held over all runs (for tests of the memory).
    var entryCount: Int { runs.reduce(0) { $0 + $1.values.count } }

    /// About how many bytes the fold holds.
    public var heldBytes: Int { runs.reduce(64 + 8 * sum.partials.capacity) { $0 + $1.heldBytes } }

    /// The k-th smallest value held (0 ≤ k < ``count``): the smallest bit pattern with more than k values at
    /// or below it, which is a held value's.
    private func orderStatistic(_ k: Int) -> Double {
        var low: UInt64 = 0
        var high = maximum.bitPattern
        while low < high {
            let middle = low + (high - low) / 2
            if runs.reduce(0, { $0 + $1.count(atOrBelow: middle) }) > k { high = middle } else { low = middle + 1 }
        }
        return Double(bitPattern: low)
    }
}
