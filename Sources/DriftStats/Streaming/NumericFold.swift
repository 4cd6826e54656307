/// One numeric feature of a window, folded from the window's values in chunks of any size and in any
/// order, into state whose size depends on the reference alone (STATISTICS.md, "Computation notes").
///
/// The state is what ``SlotWalk`` needs, per slot of the reference's ``ReferencePartition``: the count of
/// window values in each of the 2K + 1 slots, and for each open slot (b_{t−1}, b_t) the sum of the values'
/// offsets above b_{t−1}. That is enough for PSI, Jensen–Shannon, KS and Wasserstein-1 everywhere except
/// in the few open slots where F_C crosses F_R; those need their values in order, which the fold keeps for
/// a set of *watched* slots (``watchNearCrossings()``), filled by ``add(_:)`` and by a second read (``gather(_:)``).
///
/// Which slots are watched, and why an incremental pass rarely needs a second read: write
/// d = F_R − F_C, and for an open slot (b_{t−1}, b_t) let d⁻ be d just above b_{t−1} and d⁺ just below b_t
/// (F_R is constant on the slot and F_C non-decreasing, so d goes monotonically from d⁻ down to d⁺). The
/// slot is a crossing when d⁻ > 0 > d⁺; otherwise its *safety* s = max(−d⁻, d⁺) ≥ 0 is the smallest |d| over
/// the slot. When the watched slots are chosen, the fold keeps every crossing slot and then the slots of
/// smallest safety, as long as their values fit in ``keptBudget`` — or in twice that for the slots whose
/// safety is below the *expected reach* of a later batch (below); the *margin* μ is the smallest safety
/// left unwatched (``watchMargin``). The bound: with m₀ finite values at that moment and K more added since
/// (in any number of passes; m = m₀ + K), of which J(x) are ≤ x,
///
///     F_C'(x) − F_C(x) = (c(x) + J(x))/(m₀ + K) − c(x)/m₀ = (J(x) − K·F_C(x))/m,
///
/// which lies in [−K·F_C(x)/m, K·(1 − F_C(x))/m], so |ΔF_C(x)| ≤ K/m = (m − m₀)/m at every x (and for the
/// left limits F_C(x−) alike); F_R and n do not change. An unwatched slot has d⁻ ≤ −μ or d⁺ ≥ μ, so while
/// (m − m₀)/m < μ it keeps d⁻ < 0 or d⁺ > 0 and cannot be a crossing: the pass is exact without reading the
/// window again (``provablyNoUnwatchedCrossing``). Beyond the bound the crossings are still checked exactly
/// from the counts (``unwatchedCrossings``), and only a crossing in an unwatched slot costs a second read.
/// New values that fall in watched slots are kept as they arrive; when the kept values pass twice the
/// budget, the safest watched slots are dropped (their safety, measured then, lowers μ: the change since
/// then is at most (m − m₁)/m ≤ (m − m₀)/m), so the kept values stay bounded whatever the window's size.
///
/// The expected reach: K more values drawn from the window's own distribution move F_C by
/// (J(x) − K·F_C(x))/m, whose supremum is below 1.36·√K/m with probability 0.95 (Dvoretzky–Kiefer–Wolfowitz,
/// Massart 1990), far below the bound K/m. Where many slots lie near a crossing (F_C close to F_R over a
/// long stretch) the budget alone leaves μ below that reach for a batch of a thousandth of the window
/// (K = m/1000), and the next pass would read the window again; such slots are watched up to twice the
/// budget (``expectedReach``).
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
    var counts: [Int32]
    /// Open slot t (1 ≤ t < K): low and high words of Σ round(2⁵³ · offset / width). The high words are
    /// empty until a slot's low word first carries (after about 4,000 values in one slot, so never for most
    /// windows): 8 bytes per reference breakpoint not held.
    var fractionLow: [UInt64]
    var fractionHigh: [UInt64] = []
    /// Σ (x − b₀) over the values below b₀, and Σ (x − b_{K−1}) over those above b_{K−1}.
    var belowFirst = ExactSum()
    var aboveLast = ExactSum()
    /// Rows folded, missing ones included.
    public internal(set) var rows = 0
    /// Finite values folded (m).
    public internal(set) var finiteCount = 0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var outsideReference = 0
    /// One bit per open slot whose values are kept.
    var watched: [UInt64]
    /// For each word of ``watched``, how many bits are set in the words before it (``watchedPosition(of:)``).
    var watchedRank: [Int32]
    /// The watched open slots and their values.
    var kept = WatchedSlots()
    /// Whether any slot is watched.
    var watchesAny = false
    /// Finite values folded when the watched slots were last chosen (m₀); 0 before.
    var finiteAtSelection = 0
    /// The smallest safety of an unwatched slot as a difference of distribution functions (μ in the type's
    /// description): 0 before the watched slots are chosen, +∞ when every slot is watched.
    public internal(set) var watchMargin = 0.0
    /// The most values kept for watched slots when they are chosen (twice that as new values arrive),
    /// except for slots within the expected reach of a later batch, which may take twice as many.
    public let keptBudget: Int
    /// Kept values beyond which new values make the fold drop the safest watched slots: twice the values
    /// kept when the slots were chosen, and at least twice ``keptBudget``.
    var keptLimit: Int

    /// The default ``keptBudget``: 2 MiB of values per numeric feature, whatever the window's size. At a
    /// million values per window and a reference of 100,000 that watches about a quarter of the slots,
    /// those where |F_C − F_R| is smallest, which 10,000 more values rarely move a crossing out of.
    public static let defaultKeptBudget = 262_144

    /// 2⁵³: the fixed-point scale of an offset's fraction of its slot.
    static let fractionScale = 9_007_199_254_740_992.0

    /// An empty fold against `reference`, keeping at most about `keptBudget` values for watched slots.
    public init(reference: NumericReference, keptBudget: Int = NumericFold.defaultKeptBudget) {
        self.reference = reference
        self.keptBudget = max(keptBudget, 0)
        keptLimit = 2 * max(keptBudget, 0)
        let points = reference.partition.breakpoints.count
        counts = [Int32](repeating: 0, count: 2 * points + 1)
        fractionLow = [UInt64](repeating: 0, count: points + 1)
        watched = [UInt64](repeating: 0, count: (points + 1 + 63) / 64)
        watchedRank = [Int32](repeating: 0, count: watched.count)
    }

    /// Values kept for the watched slots (the fold's only memory that grows with the window).
    public var watchedValueCount: Int { kept.count }

    /// Receives the finite values of each batch ``add(_:grouped:)`` folded, grouped by coarse group as the
    /// fold placed them: group g's values are `values[groupEnds[g] ..< groupEnds[g + 1]]`. Whoever keeps
    /// them can later hand them to ``gather(grouped:groupEnds:)`` instead of the raw values.
    public typealias GroupedValues = (_ values: UnsafeBufferPointer<Double>, _ groupEnds: UnsafeBufferPointer<Int>) -> Void

    /// Working memory of ``add(_:grouped:scratch:)``, sized by the largest batch it has taken: a full pass
    /// that folds many large chunks reuses one per thread instead of mapping (and faulting in) fresh pages
    /// for every chunk of every feature.
    public struct Scratch: Sendable {
        /// Each value's coarse group (−1 for a missing value).
        var groupOfValue: [Int32] = []
        /// The finite values, grouped by coarse group.
        var grouped: [Double] = []

        public init() {}
    }

    /// Folds `values` (NaN and ±∞ are missing) into the state; then, when the values kept for watched slots
    /// pass twice those kept when the slots were chosen (at least twice ``keptBudget``), drops the safest
    /// watched slots. `grouped`, when given, receives the finite values grouped by coarse group.
    public mutating func add(_ values: UnsafeBufferPointer<Double>, grouped: GroupedValues? = nil) {
        var scratch = Scratch()
        add(values, grouped: grouped, scratch: &scratch)
    }

    /// ``add(_:grouped:)`` with working memory the caller keeps between batches.
    public mutating func add(
        _ values: UnsafeBufferPointer<Double>, grouped: GroupedValues? = nil, scratch: inout Scratch
    ) {
        rows += values.count
        visit(values, grouped: grouped, scratch: &scratch)
        if kept.count > keptLimit { trimWatched() }
    }

    /// Sorts the kept values of the watched slots that took values since the last call, so that the
    /// comparison orders only what arrived since (``WatchedSlots/sortAppended()``); the result is the same.
    public mutating func sortKeptValues() {
        kept.sortAppended()
    }

    /// Counts `count` rows whose value is missing, as ``add(_:)`` counts a NaN.
    public mutating func addMissing(_ count: Int) {
        rows += Swift.max(count, 0)
    }

    /// Keeps the values of `values` that fall in a watched slot, without counting them: the second read of a
    /// window whose rows are already folded (``WatchedSlots/gather(_:)``).
    public mutating func gather(_ values: UnsafeBufferPointer<Double>) {
        guard watchesAny else { return }
        kept.gather(values, partition: reference.partition)
    }

    /// Keeps, as ``gather(_:)`` does, the values of one batch handed to an ``add(_:grouped:)`` receiver:
    /// a coarse group without a watched slot is skipped whole.
    public mutating func gather(grouped values: UnsafeBufferPointer<Double>, groupEnds: UnsafeBufferPointer<Int>) {
        guard watchesAny else { return }
        kept.gather(grouped: values, groupEnds: groupEnds, partition: reference.partition)
    }

    /// Folds `values` in two steps, like ``WindowScan``: each finite value's coarse group (and the summary),
    /// then the values distributed by group (a counting sort) so that each group's breakpoints, counts and
    /// sums stay in cache while its values are placed in their slots (Knuth, TAOCP vol. 3, §5.2.5).
    private mutating func visit(
        _ values: UnsafeBufferPointer<Double>, grouped receiver: GroupedValues?, scratch: inout Scratch
    ) {
        let partition = reference.partition
        let pointCount = partition.breakpoints.count
        guard pointCount > 0 else {
            for value in values where value.isFinite { summarise(value) }
            return
        }
        let first = partition.breakpoints[0]
        let last = partition.breakpoints[pointCount - 1]
        let groupCount = partition.groupStarts.count - 1
        if scratch.groupOfValue.count < values.count {
            scratch.groupOfValue = [Int32](repeating: -1, count: values.count)
        }
        var groupEnds = [Int](repeating: 0, count: groupCount + 1)
        var finite = 0
        var outside = 0
        var low = minimum
        var high = maximum
        partition.groupBounds.withUnsafeBufferPointer { bounds in
            partition.grid.withUnsafeBufferPointer { grid in
                scratch.groupOfValue.withUnsafeMutableBufferPointer { groupOf in
                    for index in 0..<values.count {
                        let value = values[index]
                        guard value.isFinite else {
                            groupOf[index] = -1
                            continue
                        }
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
        if scratch.grouped.count < finite { scratch.grouped = [Double](repeating: 0, count: values.count) }
        var next = groupEnds
        scratch.groupOfValue.withUnsafeBufferPointer { groupOf in
            scratch.grouped.withUnsafeMutableBufferPointer { grouped in
                for index in 0..<values.count where groupOf[index] >= 0 {
                    let group = Int(groupOf[index])
                    grouped[next[group]] = values[index]
                    next[group] &+= 1
                }
            }
        }
        scratch.grouped.withUnsafeBufferPointer { grouped in
            place(UnsafeBufferPointer(rebasing: grouped[..<finite]), groupEnds: groupEnds)
            if let receiver {
                groupEnds.withUnsafeBufferPointer { receiver(UnsafeBufferPointer(rebasing: grouped[..<finite]), $0) }
            }
        }
    }

    /// Counts, sums and keeps (for watched slots) `grouped`, the finite values of one batch grouped by coarse
    /// group (group g's values are `grouped[groupEnds[g] ..< groupEnds[g + 1]]`), each in its slot.
    private mutating func place(_ grouped: UnsafeBufferPointer<Double>, groupEnds: [Int]) {
        let partition = reference.partition
        let pointCount = partition.breakpoints.count
        let first = partition.breakpoints[0]
        let last = partition.breakpoints[pointCount - 1]
        let groupCount = partition.groupStarts.count - 1
        let scale = Self.fractionScale
        var carries: [Int] = []
        partition.breakpoints.withUnsafeBufferPointer { points in
            counts.withUnsafeMutableBufferPointer { counts in
                fractionLow.withUnsafeMutableBufferPointer { lowWords in
                    for group in 0..<groupCount where groupEnds[group] < groupEnds[group + 1] {
                        let groupStart = partition.groupStarts[group]
                        let groupSize = partition.groupStarts[group + 1] - groupStart
                        let isFull = groupSize == ReferencePartition.groupSize
                        for index in groupEnds[group]..<groupEnds[group + 1] {
                            let value = grouped[index]
                            // Breakpoints ≤ value: those before the group, then a branch-free search in
                            // it (Khuong & Morin 2017, §2, as in ``GroupTally``): in fixed steps for a
                            // full group, in halving ones for the last, shorter group.
                            var t = groupStart
                            if isFull {
                                t &+= Self.rankInFullGroup(value, points: points, start: groupStart)
                            } else if groupSize > 0 {
                                var size = groupSize
                                while size > 1 {
                                    let half = size &>> 1
                                    // (The variable step makes the compiler branch here despite the mask;
                                    // only the one short group per feature takes this search.)
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
                                let position = Self.watchedPosition(of: t, watched: watched, rank: watchedRank)
                                assert(kept.position(of: t) == position, "watched bits and watched slots agree")
                                kept.append(value, at: position)
                            }
                            if t == 0 {
                                belowFirst.add(value - first)
                            } else if t == pointCount {
                                aboveLast.add(value - last)
                            } else {
                                let lower = points[t &- 1]
                                let fraction = (value - lower) / (points[t] - lower) * scale
                                let word = Self.fractionWord(fraction)
                                let (sum, carried) = lowWords[t].addingReportingOverflow(word)
                                lowWords[t] = sum
                                // A carry is rare: it is added to the high words after the chunk.
                                if carried { carries.append(t) }
                            }
                        }
                    }
                }
            }
        }
        if !carries.isEmpty {
            if fractionHigh.isEmpty { fractionHigh = [UInt64](repeating: 0, count: fractionLow.count) }
            for t in carries { fractionHigh[t] &+= 1 }
        }
    }

    /// The number of breakpoints ≤ `value` among the ``ReferencePartition/groupSize`` breakpoints of the
    /// full group starting at `start`, for a value above the breakpoint before the group. The steps are
    /// constants, so each comparison becomes a shift and an add: no branch to mispredict, and the loads of
    /// values searched one after another overlap (a halving search's variable step is compiled into a
    /// branch, which stalls on every cache miss of an incremental pass's scattered values).
    @inline(__always)
    static func rankInFullGroup(_ value: Double, points: UnsafeBufferPointer<Double>, start: Int) -> Int {
        // points[start − 1 + k] is the group's k-th breakpoint (k ≥ 1); the value lies above the 0th.
        var low = 0
        var step = ReferencePartition.groupSize &>> 1
        while step > 0 {
            low &+= points[start &+ low &+ step &- 1] <= value ? step : 0
            step &>>= 1
        }
        return low &+ (points[start &+ low] <= value ? 1 : 0)
    }

    /// The position of watched open slot `slot` among the watched slots (``WatchedSlots``' order): the
    /// watched slots below it, counted from `rank` (``watchedRank``) and the slot's word of `watched`.
    @inline(__always)
    static func watchedPosition(of slot: Int, watched: [UInt64], rank: [Int32]) -> Int {
        let word = slot &>> 6
        let below = watched[word] & ((1 &<< UInt64(slot & 63)) &- 1)
        return Int(rank[word]) &+ below.nonzeroBitCount
    }

    /// Recomputes ``watchedRank`` from ``watched``; called whenever the watched slots change.
    mutating func rankWatched() {
        var total: Int32 = 0
        for word in watched.indices {
            watchedRank[word] = total
            total &+= Int32(watched[word].nonzeroBitCount)
        }
    }

    /// round(`fraction`), halves away from zero, as a word, for a fraction scaled to [0, 2⁵³] (0 for a
    /// negative one, at most 2⁵³). The same as `UInt64(min(fraction.rounded(), 2⁵³))`, without the call to
    /// libm's `round` that took 3% of a full pass: below 2⁵³ the truncation and the remainder
    /// `fraction − ⌊fraction⌋` are exact, and the remainder decides the half.
    @inline(__always)
    static func fractionWord(_ fraction: Double) -> UInt64 {
        guard fraction > 0 else { return 0 }
        guard fraction < fractionScale else { return UInt64(fractionScale) }
        let whole = UInt64(fraction)
        return whole &+ (fraction - Double(whole) >= 0.5 ? 1 : 0)
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
}
