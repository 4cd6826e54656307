/// The running state of a walk over all breakpoints of a ``ReferencePartition`` in ascending order, fed
/// one ``GroupTally`` at a time. Every quantity is kept in integers scaled by n·m so that no division is
/// needed per breakpoint: after r reference and c window values, n·m·(F_R − F_C) = r·m − c·n =: a.
///
/// - KS: D = sup |F_R − F_C| is attained at a breakpoint or just below one (F_R is constant on an open
///   slot and F_C monotone), so |a| is maximised over those points exactly, in integers, and D is then
///   computed once as |r/n − c/m| for the maximising pair, as scipy's `ks_2samp` computes it.
/// - Wasserstein-1 (Vallender 1974, Theory Probab. Appl. 18(4)): ∫ |F_R − F_C| dx. On an open slot
///   (b_lo, b_hi) holding window values x_1 … x_k, F_R − F_C is a decreasing step function; when it keeps
///   its sign the integral is the absolute value of the signed one, which by summation by parts is
///   (a₁·(b_hi − b_lo) + n·Σ(x_i − b_lo)) / (n·m), with a₁ the value of a after the slot. Only the count
///   and the offset sum per slot are needed. A slot where the sign flips (a before > 0 > a after; F_C
///   crosses F_R at most once per slot) has its values put in order and integrated piece by piece.
/// - PSI bins end at edges, which are breakpoints, so bin counts are running totals read at the edges.
struct SlotWalk {
    private let referenceCount: Int
    private let windowCount: Int
    private let edgeBreakpoints: [Int]
    private let multiplicities: BreakpointMultiplicities
    /// Reads the breakpoints' multiplicities in walking order.
    private var multiplicityReader = BreakpointMultiplicities.Reader()
    /// Window values walked so far (c).
    private var windowAtOrBelow = 0
    /// Reference values at or below the last breakpoint walked (r).
    private var referenceAtOrBelowLast = 0
    /// r·m − c·n at the last point walked.
    private var scaledGap = 0
    /// The largest |a| so far and the counts where it was reached.
    private var largestGap = 0
    private var largestAt = (reference: 0, window: 0)
    /// n·m·∫ |F_R − F_C| over the groups finished so far.
    private var scaledArea = 0.0
    private var nextEdge = 0
    private var windowAtLastEdge = 0
    private var binCounts: [Int] = []
    /// Open slots of the current group where F_R − F_C changes sign: local index and a before the slot.
    private var crossings: [(slot: Int, gapBefore: Int)] = []
    private var crossingValues: [Double] = []

    init(partition: ReferencePartition, referenceCount: Int, windowCount: Int) {
        self.referenceCount = referenceCount
        self.windowCount = windowCount
        edgeBreakpoints = partition.edgeBreakpoints
        multiplicities = partition.multiplicities
        binCounts.reserveCapacity(partition.edgeBreakpoints.count + 1)
    }

    /// Walks the slots of one group, the groups in ascending order. `isLast` marks the group whose top
    /// slot is unbounded above.
    mutating func walk(_ tally: GroupTally, values: UnsafeBufferPointer<Double>, isLast: Bool) {
        let n = referenceCount
        let m = windowCount
        let scaledN = Double(n)
        let firstPoint = tally.firstPoint
        let pointCount = tally.pointCount
        var c = windowAtOrBelow
        var r = referenceAtOrBelowLast
        var reader = multiplicityReader
        var a = scaledGap
        var largest = largestGap
        var largestAt = largestAt
        var area = 0.0
        var nextEdgePoint = nextEdge < edgeBreakpoints.count ? edgeBreakpoints[nextEdge] : Int.max
        tally.bounds.withUnsafeBufferPointer { bounds in
            tally.counts.withUnsafeBufferPointer { counts in
                tally.offsets.withUnsafeBufferPointer { offsets in
                    multiplicities.exceptionBits.withUnsafeBufferPointer { exceptionBits in
                        multiplicities.exceptions.withUnsafeBufferPointer { exceptions in
                            for j in 0..<pointCount {
                                // Open slot (bounds[j], bounds[j + 1]).
                                let inSlot = Int(counts[2 &* j])
                                let after = a &- inSlot &* n
                                if a > 0 && after < 0 {
                                    crossings.append((j, a))
                                } else {
                                    area += abs(Double(after) * (bounds[j &+ 1] - bounds[j]) + scaledN * offsets[j])
                                }
                                c &+= inSlot
                                if abs(after) > largest {
                                    largest = abs(after)
                                    largestAt = (r, c)
                                }
                                // Breakpoint bounds[j + 1].
                                c &+= Int(counts[2 &* j &+ 1])
                                r &+= reader.multiplicity(at: firstPoint &+ j, bits: exceptionBits, exceptions: exceptions)
                                a = r &* m &- c &* n
                                if abs(a) > largest {
                                    largest = abs(a)
                                    largestAt = (r, c)
                                }
                                if firstPoint &+ j == nextEdgePoint {
                                    binCounts.append(c - windowAtLastEdge)
                                    windowAtLastEdge = c
                                    nextEdge += 1
                                    nextEdgePoint = nextEdge < edgeBreakpoints.count ? edgeBreakpoints[nextEdge] : Int.max
                                }
                            }
                            if isLast {
                                // Above the last breakpoint F_R = 1, so the area is Σ (x − b_max) / m.
                                let inSlot = Int(counts[2 &* pointCount])
                                c &+= inSlot
                                a = r &* m &- c &* n
                                area += abs(scaledN * offsets[pointCount])
                                if abs(a) > largest {
                                    largest = abs(a)
                                    largestAt = (r, c)
                                }
                            }
                        }
                    }
                }
            }
        }
        windowAtOrBelow = c
        referenceAtOrBelowLast = r
        multiplicityReader = reader
        scaledGap = a
        largestGap = largest
        self.largestAt = largestAt
        if !crossings.isEmpty { area += crossingArea(tally, values: values) }
        scaledArea += area
    }

    /// n·m·∫ |F_R − F_C| over the current group's crossing slots: their values are gathered, put in order
    /// (the slots are disjoint intervals, so one sort orders every slot) and integrated step by step.
    private mutating func crossingArea(_ tally: GroupTally, values: UnsafeBufferPointer<Double>) -> Double {
        let n = referenceCount
        var area = 0.0
        crossingValues.removeAll(keepingCapacity: true)
        tally.slotOfValue.withUnsafeBufferPointer { slotOf in
            var crossing = 0
            // Slots are few; a value belongs to a crossing slot when its slot is one of them.
            var isCrossing = [Bool](repeating: false, count: 2 * tally.pointCount + 1)
            for entry in crossings { isCrossing[2 * entry.slot] = true }
            for index in 0..<values.count where isCrossing[Int(slotOf[index])] {
                crossingValues.append(values[index])
            }
            crossingValues.sort()
            var start = 0
            while crossing < crossings.count {
                let (slot, gapBefore) = crossings[crossing]
                let count = Int(tally.counts[2 * slot])
                var previous = tally.bounds[slot]
                var gap = gapBefore
                for index in start..<(start + count) {
                    let value = crossingValues[index]
                    area += Double(abs(gap)) * (value - previous)
                    previous = value
                    gap -= n
                }
                area += Double(abs(gap)) * (tally.bounds[slot + 1] - previous)
                start += count
                crossing += 1
            }
        }
        crossings.removeAll(keepingCapacity: true)
        return area
    }

    /// D, computed from the maximising counts as |r/n − c/m| (0 for an empty side).
    var statistic: Double {
        guard referenceCount > 0, windowCount > 0 else { return 0 }
        let d = abs(Double(largestAt.reference) / Double(referenceCount) - Double(largestAt.window) / Double(windowCount))
        return Swift.min(d, 1)
    }

    /// Wasserstein-1.
    var wasserstein: Double {
        guard referenceCount > 0, windowCount > 0 else { return 0 }
        return scaledArea / (Double(referenceCount) * Double(windowCount))
    }

    /// The window's count per PSI bin, once every group has been walked.
    var finishedBinCounts: [Int] {
        binCounts + [windowCount - windowAtLastEdge]
    }
}
