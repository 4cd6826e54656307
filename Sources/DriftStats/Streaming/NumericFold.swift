/// One numeric feature of a window, folded from the window's values in chunks of any size and in any
/// order, into state whose size depends on the reference alone (STATISTICS.md, "Computation notes").
///
/// The state is what ``SlotWalk`` needs, per slot of the reference's ``ReferencePartition``: the count of
/// window values in each of the 2K + 1 slots, and for each open slot (b_{t−1}, b_t) the sum of the values'
/// offsets above b_{t−1}. That is enough for PSI, Jensen–Shannon, KS and Wasserstein-1 everywhere except
/// in the few open slots where F_C crosses F_R; those need their values in order, which the fold keeps for
/// a set of *watched* slots (``watchCrossings(margin:)``), filled by ``add(_:)`` and by a second read (``gather(_:)``).
///
/// Every sum is independent of the order and grouping of the values, so folding a window in one chunk,
/// in many, or across incremental passes gives bit-identical results:
/// - an interior open slot sums each offset as a 53-bit fixed-point fraction of the slot's width,
///   round(2⁵³ · (x − b_{t−1}) / (b_t − b_{t−1})), in 128-bit integers;
/// - the two outer slots, unbounded, sum their offsets with ``ExactSum`` (correctly rounded);
/// - the mean is taken at the end from the slot counts and sums, in slot order.
public struct NumericFold: Sendable {
    /// The reference the window is compared with.
    public let reference: NumericReference
    /// Window values per slot: slot 2t is the open slot (b_{t−1}, b_t), slot 2t + 1 the point b_t.
    private var counts: [Int32]
    /// Open slot t (1 ≤ t < K): low and high words of Σ round(2⁵³ · offset / width).
    private var fractionLow: [UInt64]
    private var fractionHigh: [UInt64]
    /// Σ (x − b₀) over the values below b₀, and Σ (x − b_{K−1}) over those above b_{K−1}.
    private var belowFirst = ExactSum()
    private var aboveLast = ExactSum()
    /// Rows folded, missing ones included.
    public private(set) var rows = 0
    /// Finite values folded (m).
    public private(set) var finiteCount = 0
    private var minimum = Double.infinity
    private var maximum = -Double.infinity
    private var outsideReference = 0
    /// One bit per open slot whose values are kept.
    private var watched: [UInt64]
    /// The values of the watched open slots, by open-slot index.
    private var watchedValues: [Int: [Double]] = [:]
    /// Whether any slot is watched.
    private var watchesAny = false

    /// The kept values are at most about one in this many of the window's finite values.
    public static let keptShare = 16

    /// 2⁵³: the fixed-point scale of an offset's fraction of its slot.
    private static let fractionScale = 9_007_199_254_740_992.0

    /// An empty fold against `reference`.
    public init(reference: NumericReference) {
        self.reference = reference
        let points = reference.partition.breakpoints.count
        counts = [Int32](repeating: 0, count: 2 * points + 1)
        fractionLow = [UInt64](repeating: 0, count: points + 1)
        fractionHigh = [UInt64](repeating: 0, count: points + 1)
        watched = [UInt64](repeating: 0, count: (points + 1 + 63) / 64)
    }

    /// Values kept for the watched slots (the fold's only memory that grows with the window).
    public var watchedValueCount: Int { watchedValues.values.reduce(0) { $0 + $1.count } }

    /// Folds `values` (NaN and ±∞ are missing) into the state.
    public mutating func add(_ values: UnsafeBufferPointer<Double>) {
        rows += values.count
        visit(values)
    }

    /// Keeps the values of `values` that fall in a watched slot, without counting them: the second read of a
    /// window whose rows are already folded. A binary search over the watched slots' bounds (a few hundred
    /// at most, in the first-level cache) places each value.
    public mutating func gather(_ values: UnsafeBufferPointer<Double>) {
        guard watchesAny else { return }
        let points = reference.partition.breakpoints
        let slots = watchedSlots
        let lows = slots.map { $0 > 0 ? points[$0 - 1] : -Double.infinity }
        let highs = slots.map { $0 < points.count ? points[$0] : Double.infinity }
        lows.withUnsafeBufferPointer { lows in
            for value in values where value.isFinite && value > lows[0] {
                // The last watched slot whose lower bound is below the value.
                var index = 0
                var size = lows.count
                while size > 1 {
                    let half = size &>> 1
                    index &+= half & Self.mask(lows[index &+ half] < value)
                    size &-= half
                }
                if value < highs[index] { watchedValues[slots[index]]!.append(value) }
            }
        }
    }

    /// The open slots whose values ``comparison()`` needs and that are not watched: empty when the fold can
    /// finish without reading the window again.
    public var unwatchedCrossings: [Int] {
        crossingSlots().filter { !isWatched($0) }
    }

    /// Watches the current crossing slots and their `margin` neighbours on each side, besides the slots
    /// watched so far, and forgets every value kept: the caller then gathers the whole window again
    /// (``gather(_:)``).
    ///
    /// The slots watched so far stay watched (a crossing that moves back needs no new read) while their
    /// values are fewer than one in ``keptShare`` of the window's; beyond that only the current crossings
    /// stay, so the kept values never approach the window's size.
    public mutating func watchCrossings(margin: Int) {
        let open = reference.partition.breakpoints.count + 1
        var slots = watchedValueCount <= finiteCount / Self.keptShare ? Set(watchedValues.keys) : []
        for index in watched.indices { watched[index] = 0 }
        for slot in crossingSlots() {
            for neighbour in max(0, slot - margin)...min(open - 1, slot + margin) { slots.insert(neighbour) }
        }
        watchedValues = [:]
        for slot in slots {
            watched[slot >> 6] |= 1 << UInt64(slot & 63)
            watchedValues[slot] = []
        }
        watchesAny = !slots.isEmpty
    }

    /// The watched open slots, ascending.
    public var watchedSlots: [Int] { watchedValues.keys.sorted() }

    private func isWatched(_ slot: Int) -> Bool {
        watched[slot >> 6] >> UInt64(slot & 63) & 1 != 0
    }

    /// The open slots where F_R − F_C changes sign (a > 0 before the slot, < 0 after it), as ``SlotWalk``
    /// finds them.
    func crossingSlots() -> [Int] {
        let partition = reference.partition
        let n = partition.referenceCount
        let m = finiteCount
        guard n > 0, m > 0 else { return [] }
        var slots: [Int] = []
        var reader = BreakpointMultiplicities.Reader()
        var r = 0
        var c = 0
        var a = 0
        partition.multiplicities.exceptionBits.withUnsafeBufferPointer { bits in
            partition.multiplicities.exceptions.withUnsafeBufferPointer { exceptions in
                for t in 0..<partition.breakpoints.count {
                    let inSlot = Int(counts[2 * t])
                    let after = a - inSlot * n
                    if a > 0 && after < 0 { slots.append(t) }
                    c += inSlot + Int(counts[2 * t + 1])
                    r += reader.multiplicity(at: t, bits: bits, exceptions: exceptions)
                    a = r * m - c * n
                }
            }
        }
        return slots
    }

    /// Folds `values` in two steps, like ``WindowScan``: each finite value's coarse group (and the summary),
    /// then the values distributed by group (a counting sort) so that each group's breakpoints, counts and
    /// sums stay in cache while its values are placed in their slots (Knuth, TAOCP vol. 3, §5.2.5).
    private mutating func visit(_ values: UnsafeBufferPointer<Double>) {
        let partition = reference.partition
        let pointCount = partition.breakpoints.count
        guard pointCount > 0 else {
            for value in values where value.isFinite { summarise(value) }
            return
        }
        let first = partition.breakpoints[0]
        let last = partition.breakpoints[pointCount - 1]
        let groupCount = partition.groupStarts.count - 1
        var groupOfValue = [Int32](repeating: -1, count: values.count)
        var groupEnds = [Int](repeating: 0, count: groupCount + 1)
        var finite = 0
        var outside = 0
        var low = minimum
        var high = maximum
        partition.groupBounds.withUnsafeBufferPointer { bounds in
            partition.grid.withUnsafeBufferPointer { grid in
                groupOfValue.withUnsafeMutableBufferPointer { groupOf in
                    for index in 0..<values.count {
                        let value = values[index]
                        guard value.isFinite else { continue }
                        finite &+= 1
                        low = Swift.min(low, value)
                        high = Swift.max(high, value)
                        outside &+= value < first || value > last ? 1 : 0
                        let group = WindowScan.group(
                            of: value, bounds: bounds, grid: grid, cells: grid.count - 2, start: partition.gridStart,
                            scale: partition.gridScale)
                        groupOf[index] = Int32(truncatingIfNeeded: group)
                        groupEnds[group &+ 1] &+= 1
                    }
                }
            }
        }
        finiteCount += finite
        outsideReference += outside
        minimum = low
        maximum = high
        for group in 0..<groupCount { groupEnds[group + 1] += groupEnds[group] }
        var grouped = [Double](repeating: 0, count: finite)
        var next = groupEnds
        for index in 0..<values.count where groupOfValue[index] >= 0 {
            let group = Int(groupOfValue[index])
            grouped[next[group]] = values[index]
            next[group] += 1
        }
        let scale = Self.fractionScale
        partition.breakpoints.withUnsafeBufferPointer { points in
            counts.withUnsafeMutableBufferPointer { counts in
                fractionLow.withUnsafeMutableBufferPointer { lowWords in
                    fractionHigh.withUnsafeMutableBufferPointer { highWords in
                        for group in 0..<groupCount where groupEnds[group] < groupEnds[group + 1] {
                            let groupStart = partition.groupStarts[group]
                            let groupSize = partition.groupStarts[group + 1] - groupStart
                            for index in groupEnds[group]..<groupEnds[group + 1] {
                                let value = grouped[index]
                                // Breakpoints ≤ value: those before the group, then a branch-free search in
                                // it (Khuong & Morin 2017, §2, as in ``GroupTally``).
                                var t = groupStart
                                if groupSize > 0 {
                                    var size = groupSize
                                    while size > 1 {
                                        let half = size &>> 1
                                        // A mask, not a select: the compiler turns a select into a branch here.
                                        t &+= half & Self.mask(points[t &+ half] <= value)
                                        size &-= half
                                    }
                                    t &+= 1 & Self.mask(points[t] <= value)
                                }
                                if t > 0 && points[t &- 1] == value {
                                    counts[2 &* t &- 1] &+= 1
                                    continue
                                }
                                counts[2 &* t] &+= 1
                                if watchesAny && watched[t &>> 6] &>> UInt64(t & 63) & 1 != 0 {
                                    watchedValues[t, default: []].append(value)
                                }
                                if t == 0 {
                                    belowFirst.add(value - first)
                                } else if t == pointCount {
                                    aboveLast.add(value - last)
                                } else {
                                    let lower = points[t &- 1]
                                    let fraction = (value - lower) / (points[t] - lower) * scale
                                    let word = fraction > 0 ? UInt64(Swift.min(fraction.rounded(), scale)) : 0
                                    let (sum, carried) = lowWords[t].addingReportingOverflow(word)
                                    lowWords[t] = sum
                                    highWords[t] &+= carried ? 1 : 0
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// All ones for true, zero for false.
    @inline(__always)
    private static func mask(_ condition: Bool) -> Int {
        0 &- Int(unsafeBitCast(condition, to: UInt8.self))
    }

    /// The summary of one value when the reference has no breakpoint (it is then never compared).
    private mutating func summarise(_ value: Double) {
        finiteCount += 1
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
    }

    /// Σ offset over open slot t, from its state.
    private func offsetSum(_ t: Int) -> Double {
        let points = reference.partition.breakpoints
        if t == 0 { return belowFirst.value }
        if t == points.count { return aboveLast.value }
        let fraction = Double(fractionHigh[t]) * 18_446_744_073_709_551_616.0 + Double(fractionLow[t])
        return fraction / Self.fractionScale * (points[t] - points[t - 1])
    }

    /// The comparison of the folded window with the reference; nil when either side has no finite value.
    /// - Precondition: ``unwatchedCrossings`` is empty and every watched slot's values were all kept (the
    ///   slot was watched before the window's first value was folded, or gathered again after ``watchCrossings(margin:)``).
    public func comparison() -> NumericComparison? {
        let partition = reference.partition
        guard reference.count > 0, finiteCount > 0 else { return nil }
        precondition(unwatchedCrossings.isEmpty, "the values of every crossing slot are kept")
        var walk = SlotWalk(partition: partition, referenceCount: reference.count, windowCount: finiteCount)
        var tally = GroupTally(groupSize: ReferencePartition.groupSize)
        let groupCount = partition.groupStarts.count - 1
        // Σ x from the slots, in slot order: the same for any order of the values.
        var sum = 0.0
        let points = partition.breakpoints
        var crossingValues: [Double] = []
        for group in 0..<groupCount {
            let firstPoint = partition.groupStarts[group]
            let pointCount = partition.groupStarts[group + 1] - firstPoint
            let isLast = group == groupCount - 1
            tally.firstPoint = firstPoint
            tally.pointCount = pointCount
            tally.bounds[0] = firstPoint > 0 ? points[firstPoint - 1] : points[0]
            for j in 0..<ReferencePartition.groupSize {
                tally.bounds[1 + j] = j < pointCount ? points[firstPoint + j] : .infinity
            }
            crossingValues.removeAll(keepingCapacity: true)
            var slotOfValue: [Int32] = []
            for j in 0...pointCount {
                let t = firstPoint + j
                let open = j < pointCount || isLast ? Int(counts[2 * t]) : 0
                tally.counts[2 * j] = Int32(truncatingIfNeeded: open)
                tally.offsets[j] = open > 0 ? offsetSum(t) : 0
                if open > 0 {
                    let lower = t > 0 ? points[t - 1] : points[0]
                    sum += Double(open) * lower + tally.offsets[j]
                }
                if j < pointCount {
                    tally.counts[2 * j + 1] = counts[2 * t + 1]
                    if counts[2 * t + 1] > 0 { sum += Double(counts[2 * t + 1]) * points[t] }
                }
                if open > 0, let kept = watchedValues[t] {
                    crossingValues.append(contentsOf: kept)
                    slotOfValue.append(contentsOf: repeatElement(Int32(2 * j), count: kept.count))
                }
            }
            tally.slotOfValue = slotOfValue
            crossingValues.withUnsafeBufferPointer { values in
                walk.walk(tally, values: values, isLast: isLast)
            }
        }
        let summary = WindowSummary(
            rows: rows, finiteCount: finiteCount, sum: sum, minimum: minimum, maximum: maximum,
            outsideReference: outsideReference, ksStatistic: walk.statistic, binCounts: walk.finishedBinCounts,
            wasserstein: walk.wasserstein)
        return NumericComparison(reference: reference, summary: summary)
    }
}
