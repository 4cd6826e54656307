/// One numeric feature of a window with few finite values compared with its reference, folded by keeping
/// the values themselves: the sparse counterpart of ``NumericFold``, whose state is 2K + 1 slots (about
/// 24 bytes per breakpoint) whatever the window's size. A slice of a window, or a small window, holds far
/// fewer values than its reference has breakpoints; keeping them costs 8 bytes a value, and comparing them
/// costs O(m log K) instead of a walk over all K breakpoints.
///
/// The fold keeps at most ``capacity`` = ⌊1.5·K⌋ values: 8 bytes a value, at most 16 with the array's
/// growth, so never more than the dense fold's 24 bytes a breakpoint. Its owner moves to a ``NumericFold``
/// before it would hold more (``fits(_:)``). Up to that size the fold needs no second read of the window
/// (a dense fold does when a crossing of F_C and F_R lies in a slot whose values it did not keep).
///
/// The comparison is the one ``SlotWalk`` computes (STATISTICS.md, "Computation notes"), walked over the
/// window's m sorted values instead of the reference's breakpoints. Write R(x) = n·F_R(x) (reference values
/// ≤ x, ``SparseReferenceIndex``) and c(x) = m·F_C(x); n·m·(F_R − F_C) = m·R − n·c =: a. Between two
/// consecutive distinct window values u < v, c is constant and R non-decreasing, so:
/// - KS: |a| over [u, v) peaks at u or just below v; D comes from the first pair (r, c) that maximises |a|
///   in ascending x, as in ``SlotWalk`` (whose points are the breakpoints: a maximum of |a| is a run of
///   constant a that starts at a breakpoint and ends at a window value, or the reverse, so both walks meet
///   the same first maximising pair).
/// - Wasserstein-1 (Vallender 1974, Theory Probab. Appl. 18(4)): ∫_u^v |m·R(x) − n·c| dx changes sign at
///   most once, at the first breakpoint b_p in (u, v) with m·R_p ≥ n·c (a binary search on R_t); each side
///   is n·c·(length) − m·∫R or the reverse, the integrals ∫R from the reference's prefix integrals G_t
///   plus the partial slots at both ends.
/// - PSI bins end at edges, which are breakpoints: their counts are the window values at or below each edge
///   (a search in the sorted values).
/// Every search gallops from the previous position (Bentley & Yao 1976, "An almost optimal algorithm for
/// unbounded searching", Inf. Process. Lett. 5(3)), so the walk costs O(m log(K/m + 1)).
///
/// Every result depends only on the multiset of values: the values are sorted before the walk by the total
/// order of their bit patterns (−0 before +0; ``sortedValues()``), the minimum and maximum are read from
/// that order and the sum is taken in it (compensated, Neumaier 1974, ZAMM 54(1)), so any chunking or order
/// of the rows gives bit-identical results.
public struct SparseNumericFold: Sendable {
    /// The reference the window is compared with.
    public let reference: NumericReference
    /// The most finite values the fold keeps: 1.5 times the reference's breakpoint count K.
    public let capacity: Int
    /// The finite values folded: the first `sortedCount` ascending, the rest in arrival order.
    private var values: [Double] = []
    private var sortedCount = 0
    /// Rows folded, missing ones included.
    public internal(set) var rows = 0
    /// Finite values outside the reference's [min, max].
    private var outsideReference = 0

    /// An empty fold against `reference`.
    public init(reference: NumericReference) {
        self.reference = reference
        let points = reference.partition.breakpoints.count
        capacity = points + points / 2
    }

    /// Finite values folded (m).
    public var finiteCount: Int { values.count }

    /// Values the kept array has room for (``heldBytes``).
    var keptCapacity: Int { values.capacity }

    /// Whether folding `chunk` keeps the fold within ``capacity``.
    public func fits(_ chunk: UnsafeBufferPointer<Double>) -> Bool {
        if values.count + chunk.count <= capacity { return true }
        var finite = 0
        for value in chunk where value.isFinite { finite += 1 }
        return values.count + finite <= capacity
    }

    /// Folds `chunk` (NaN and ±∞ are missing). The caller checks ``fits(_:)`` first.
    public mutating func add(_ chunk: UnsafeBufferPointer<Double>) {
        rows += chunk.count
        let points = reference.partition.breakpoints
        let first = points.first ?? .infinity
        let last = points.last ?? -.infinity
        let hasPoints = !points.isEmpty
        var outside = 0
        for value in chunk where value.isFinite {
            values.append(value)
            outside += hasPoints && (value < first || value > last) ? 1 : 0
        }
        outsideReference += outside
        // Sorting once the unsorted tail outgrows the sorted part keeps the cost amortised O(1) a value.
        if values.count - sortedCount > sortedCount {
            values = sortedValues()
            sortedCount = values.count
        }
    }

    /// The values in ascending order: the unsorted tail radix-sorted, then merged with the sorted part.
    private func sortedValues() -> [Double] {
        if sortedCount == values.count { return values }
        let tail = Self.radixSorted(values[sortedCount...])
        guard sortedCount > 0 else { return tail }
        var merged: [Double] = []
        merged.reserveCapacity(values.count)
        var i = 0
        var j = 0
        while i < sortedCount && j < tail.count {
            // By key, so that −0 and +0 keep the radix sort's order.
            if Self.key(tail[j]) < Self.key(values[i]) {
                merged.append(tail[j])
                j += 1
            } else {
                merged.append(values[i])
                i += 1
            }
        }
        merged.append(contentsOf: values[i..<sortedCount])
        merged.append(contentsOf: tail[j...])
        return merged
    }

    /// A key whose unsigned order is the order of the finite doubles, −0 before +0 (the sign bit set for
    /// the non-negative ones, every bit flipped for the negative ones).
    @inline(__always)
    private static func key(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    @inline(__always)
    private static func value(ofKey key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }

    /// Bits per digit of ``radixSorted(_:)``: six passes cover a 64-bit key (the last digit has 9 bits),
    /// two fewer than bytes would take, with 2,048 buckets a digit (16 KiB of counts, within L1).
    private static let digitBits = 11
    private static let digitCount = (64 + digitBits - 1) / digitBits

    /// `values` sorted in O(m) by a least-significant-digit radix sort of their keys, ``digitBits`` bits a
    /// pass, skipping the passes where every key has the same digit (Knuth, TAOCP vol. 3, §5.2.5).
    private static func radixSorted(_ values: ArraySlice<Double>) -> [Double] {
        let buckets = 1 << digitBits
        let mask = UInt64(buckets - 1)
        var keys = values.map(key)
        var scratch = [UInt64](repeating: 0, count: keys.count)
        var histograms = [Int](repeating: 0, count: digitCount * buckets)
        histograms.withUnsafeMutableBufferPointer { histograms in
            keys.withUnsafeBufferPointer { keys in
                for key in keys {
                    for digit in 0..<digitCount {
                        let bucket = Int((key &>> UInt64(digitBits &* digit)) & mask)
                        histograms[digit &* buckets &+ bucket] &+= 1
                    }
                }
            }
            for digit in 0..<digitCount {
                let counts = UnsafeMutableBufferPointer(rebasing: histograms[(digit * buckets)..<((digit + 1) * buckets)])
                if counts.contains(keys.count) { continue }
                // The counts become each bucket's first position.
                var total = 0
                for bucket in 0..<buckets {
                    let count = counts[bucket]
                    counts[bucket] = total
                    total &+= count
                }
                let shift = UInt64(digitBits * digit)
                keys.withUnsafeBufferPointer { keys in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        for key in keys {
                            let bucket = Int((key &>> shift) & mask)
                            scratch[counts[bucket]] = key
                            counts[bucket] &+= 1
                        }
                    }
                }
                swap(&keys, &scratch)
            }
        }
        return keys.map(value(ofKey:))
    }

    /// Calls `body` with the finite values folded, in no particular order (to move them into a dense fold).
    public func withValues<Result>(_ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        values.withUnsafeBufferPointer(body)
    }

    /// The comparison of the folded window with the reference, as ``NumericFold/comparison()`` computes
    /// it; nil when either side has no finite value.
    public func comparison() -> NumericComparison? {
        guard reference.count > 0, !values.isEmpty else { return nil }
        let sorted = sortedValues()
        let walk = sorted.withUnsafeBufferPointer { Walk(reference: reference, sorted: $0) }
        let summary = WindowSummary(
            rows: rows, finiteCount: values.count, sum: walk.sum, minimum: sorted[0], maximum: sorted[sorted.count - 1],
            outsideReference: outsideReference, ksStatistic: walk.statistic, binCounts: walk.binCounts,
            wasserstein: walk.wasserstein)
        return NumericComparison(reference: reference, summary: summary)
    }
}

/// The walk over a window's sorted values against the reference (``SparseNumericFold``'s description).
private struct Walk {
    private(set) var statistic = 0.0
    private(set) var wasserstein = 0.0
    private(set) var binCounts: [Int] = []
    /// Σ of the values in ascending order, compensated (Neumaier 1974).
    private(set) var sum = 0.0

    init(reference: NumericReference, sorted: UnsafeBufferPointer<Double>) {
        let partition = reference.partition
        let index = reference.sparseIndex
        let n = partition.referenceCount
        let m = sorted.count
        let scaledM = Double(m)
        var largest = 0
        var largestAt = (reference: 0, window: 0)
        var area = 0.0
        index.withBuffers(points: partition.breakpoints) { points, counts, prefix in
            let k = points.count
            /// R_t for t = −1 ..< K.
            @inline(__always) func r(_ t: Int) -> Int { t < 0 ? 0 : Int(counts[t]) }
            /// ∫_u^v R(x) dx for u ≤ v, with `au` breakpoints ≤ u and `bv` breakpoints < v.
            @inline(__always) func integral(_ u: Double, _ au: Int, _ v: Double, _ bv: Int) -> Double {
                if au >= bv { return Double(r(au - 1)) * (v - u) }
                return Double(r(au - 1)) * (points[au] - u) + prefix(au, bv - 1)
                    + Double(r(bv - 1)) * (v - points[bv - 1])
            }
            @inline(__always) func check(_ reference: Int, _ window: Int) {
                let gap = abs(reference &* m &- window &* n)
                if gap > largest {
                    largest = gap
                    largestAt = (reference, window)
                }
            }
            var below = 0  // breakpoints < the current value
            var previous = 0.0
            var atOrBelowPrevious = 0  // breakpoints ≤ the previous value
            var c = 0
            var i = 0
            var total = 0.0
            var compensation = 0.0
            while i < m {
                let z = sorted[i]
                var j = i + 1
                while j < m && sorted[j] == z { j += 1 }
                for index in i..<j {
                    let next = total + sorted[index]
                    compensation +=
                        abs(total) >= abs(sorted[index])
                        ? (total - next) + sorted[index] : (sorted[index] - next) + total
                    total = next
                }
                below = gallop(from: below, end: k) { points[$0] >= z }
                let atOrBelow = below < k && points[below] == z ? below + 1 : below
                if i == 0 {
                    // Below the first value c = 0: ∫ m·R from b₀ on.
                    if below > 0 { area += scaledM * integral(points[0], 1, z, below) }
                } else {
                    // (previous, z): a = m·R − n·c is < 0 before b_p and ≥ 0 from it on.
                    let target = n &* c
                    var s = previous
                    var belowS = atOrBelowPrevious
                    var atOrBelowS = atOrBelowPrevious
                    if m &* r(atOrBelowPrevious - 1) < target {
                        let p = gallop(from: atOrBelowPrevious, end: below) { m &* Int(counts[$0]) >= target }
                        (s, belowS, atOrBelowS) = p < below ? (points[p], p, p + 1) : (z, below, below)
                    }
                    let scaledC = Double(target)
                    area += scaledC * (s - previous) - scaledM * integral(previous, atOrBelowPrevious, s, belowS)
                    area += scaledM * integral(s, atOrBelowS, z, below) - scaledC * (z - s)
                }
                check(r(below - 1), c)
                c = j
                check(r(atOrBelow - 1), c)
                previous = z
                atOrBelowPrevious = atOrBelow
                i = j
            }
            sum = total + compensation
            // Above the last value c = m: ∫ m·(n − R) up to the last breakpoint.
            if previous < points[k - 1] {
                area +=
                    scaledM
                    * (Double(n) * (points[k - 1] - previous)
                        - integral(previous, atOrBelowPrevious, points[k - 1], k - 1))
            }
            // Window values at or below each PSI edge.
            var counted = 0
            var atLastEdge = 0
            binCounts.reserveCapacity(partition.edgeBreakpoints.count + 1)
            for edge in partition.edgeBreakpoints {
                let point = points[edge]
                counted = gallop(from: counted, end: m) { sorted[$0] > point }
                binCounts.append(counted - atLastEdge)
                atLastEdge = counted
            }
            binCounts.append(m - atLastEdge)
        }
        if n > 0 && m > 0 {
            statistic = Swift.min(
                abs(Double(largestAt.reference) / Double(n) - Double(largestAt.window) / Double(m)), 1)
            wasserstein = area / (Double(n) * Double(m))
        }
    }
}

/// The first index in `start ..< end` where `isPast` holds (`end` if none), for `isPast` false then true:
/// an exponential search from `start`, then a binary search (Bentley & Yao 1976). The binary search is
/// branch-free (each step a conditional move; Khuong & Morin 2017, "Array layouts for comparison-based
/// searching", J. Exp. Algorithmics 22): a walk's searches land at unpredictable depths, and a mispredicted
/// branch per level cost more than the comparisons.
@inline(__always)
private func gallop(from start: Int, end: Int, _ isPast: (Int) -> Bool) -> Int {
    var low = start
    var high = start
    var step = 1
    while high < end && !isPast(high) {
        low = high + 1
        high = low + step
        step &*= 2
    }
    high = Swift.min(high, end)
    // The answer lies in [base, base + n] (indices below base are not past; base + n ≤ end).
    var base = low
    var n = high - low
    guard n > 0 else { return base }
    while n > 1 {
        let half = n &>> 1
        base = isPast(base &+ half &- 1) ? base : base &+ half
        n &-= half
    }
    return isPast(base) ? base : base &+ 1
}
