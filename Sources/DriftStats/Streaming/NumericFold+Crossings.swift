/// The slots where F_C crosses F_R, and which slots' values a ``NumericFold`` keeps so that a later pass
/// rarely reads the window again (the margin μ and its bound are derived in the type's description).
extension NumericFold {
    /// The open slots whose values ``comparison()`` needs and that are not watched: empty when the fold can
    /// finish without reading the window again. Free while ``provablyNoUnwatchedCrossing`` holds, else one
    /// walk over the slots' counts.
    public var unwatchedCrossings: [Int] {
        if provablyNoUnwatchedCrossing { return [] }
        return crossingSlots().filter { !isWatched($0) }
    }

    /// Whether ``unwatchedCrossings`` is not empty, found without building the list: free while
    /// ``provablyNoUnwatchedCrossing`` holds, else one walk over the slots' counts that stops at the first
    /// crossing in an unwatched slot (what every incremental pass asks, and almost always answered no).
    public var hasUnwatchedCrossing: Bool {
        if provablyNoUnwatchedCrossing { return false }
        var found = false
        forEachSlotGap { slot, before, after in
            found = before > 0 && after < 0 && !isWatched(slot)
            return !found
        }
        return found
    }

    /// Whether the values added since the watched slots were chosen are too few to have moved a crossing
    /// into an unwatched slot: (m − m₀)/m < μ (the bound in the type's description; a relative 10⁻⁹ covers
    /// the two divisions' rounding).
    public var provablyNoUnwatchedCrossing: Bool {
        guard finiteAtSelection > 0, finiteCount >= finiteAtSelection else { return false }
        let moved = Double(finiteCount - finiteAtSelection) / Double(finiteCount)
        return moved * (1 + 1e-9) < watchMargin
    }

    /// Chooses the watched slots afresh and forgets every value kept: the caller then gathers the whole
    /// window again (``gather(_:)``). Every crossing slot is watched, then the slots of smallest safety while
    /// their values fit in ``keptBudget``; the smallest safety left out becomes ``watchMargin``. The outer
    /// slots are never crossings (d is 0 below the reference and ≥ 0 above it) and are not watched.
    public mutating func watchNearCrossings() {
        var chosen: [Int] = []
        var candidates: [(safety: Int, slot: Int)] = []
        var keeping = 0
        var candidateValues = 0
        var smallestSafety = Int.max
        let keepsOthers = keptBudget > 0
        forEachSlotGap { slot, before, after in
            let safety = Swift.max(-before, after)
            if safety < 0 {
                chosen.append(slot)
                keeping += Int(counts[2 * slot])
            } else if keepsOthers {
                candidates.append((safety, slot))
                candidateValues += Int(counts[2 * slot])
            } else {
                smallestSafety = Swift.min(smallestSafety, safety)
            }
            return true
        }
        // With no budget only the crossing slots are watched, and the margin is the smallest safety of the
        // others. When every slot's values fit, all are watched and none is left out (the margin is
        // unbounded); otherwise they are taken by safety, which needs the n log n sort.
        var margin = smallestSafety
        if keeping + candidateValues > keptBudget { candidates.sort { $0.safety < $1.safety } }
        let reach = expectedReach * gapScale
        for (safety, slot) in candidates {
            let inSlot = Int(counts[2 * slot])
            let room = Double(safety) < reach ? 2 * keptBudget : keptBudget
            if keeping + inSlot > room {
                margin = safety
                break
            }
            keeping += inSlot
            chosen.append(slot)
        }
        chosen.sort()
        for index in watched.indices { watched[index] = 0 }
        for slot in chosen { watched[slot >> 6] |= 1 << UInt64(slot & 63) }
        rankWatched()
        // Room for the values the second read gathers, and a few more to come: arrays that doubled would
        // hold up to twice the budget.
        kept = WatchedSlots(slots: chosen, points: reference.partition.breakpoints) { [counts] slot in
            counts[2 * slot] == 0 ? 0 : Int(counts[2 * slot]) * 9 / 8 + 2
        }
        watchesAny = !chosen.isEmpty
        keptLimit = 2 * Swift.max(keptBudget, keeping)
        finiteAtSelection = finiteCount
        watchMargin = margin == Int.max ? .infinity : Double(margin) / gapScale
    }

    /// How far a batch of m/1000 values from the window's own distribution moves F_C with probability
    /// 0.95, 1.36·√(m/1000)/m (the type's description): the safety below which slots may take the budget twice.
    var expectedReach: Double {
        finiteCount > 0 ? 1.36 / (Double(finiteCount) * 1_000).squareRoot() : 0
    }

    /// n·m, the scale of the integers d is walked in.
    var gapScale: Double { Double(reference.partition.referenceCount) * Double(finiteCount) }

    /// Keeps the crossing slots and the watched slots of smallest safety within ``keptBudget``, dropping the
    /// others' values; the smallest safety dropped, measured now, lowers ``watchMargin``.
    mutating func trimWatched() {
        var candidates: [(safety: Int, position: Int)] = []
        var keeping = 0
        var position = 0
        let slots = kept.slots
        forEachSlotGap { slot, before, after in
            guard position < slots.count, slots[position] == slot else { return true }
            let safety = Swift.max(-before, after)
            if safety < 0 { keeping += kept.keptCount(at: position) } else { candidates.append((safety, position)) }
            position += 1
            return true
        }
        candidates.sort { $0.safety < $1.safety }
        var smallestDropped = Double.infinity
        var dropped = [Bool](repeating: false, count: slots.count)
        for (safety, position) in candidates {
            let inSlot = kept.keptCount(at: position)
            if keeping + inSlot <= keptBudget && smallestDropped == .infinity {
                keeping += inSlot
                continue
            }
            smallestDropped = Swift.min(smallestDropped, Double(safety) / gapScale)
            let slot = slots[position]
            watched[slot >> 6] &= ~(1 << UInt64(slot & 63))
            dropped[position] = true
        }
        kept.remove { dropped[$0] }
        rankWatched()
        watchesAny = !kept.isEmpty
        keptLimit = 2 * keptBudget
        watchMargin = Swift.min(watchMargin, smallestDropped)
    }

    /// The reference's breakpoints b₀ < … < b_{K−1} (its distinct values and PSI edges): open slot t is
    /// (b_{t−1}, b_t).
    public var breakpoints: [Double] { reference.partition.breakpoints }

    /// The watched open slots, ascending.
    public var watchedSlots: [Int] { kept.slots }

    func isWatched(_ slot: Int) -> Bool {
        watched[slot >> 6] >> UInt64(slot & 63) & 1 != 0
    }

    /// The open slots where F_R − F_C changes sign (a > 0 before the slot, < 0 after it), as ``SlotWalk``
    /// finds them, ascending: one walk over the slots' counts.
    public func crossingSlots() -> [Int] {
        var slots: [Int] = []
        forEachSlotGap { slot, before, after in
            if before > 0 && after < 0 { slots.append(slot) }
            return true
        }
        return slots
    }

    /// Calls `body` for each interior open slot t (1 ≤ t < K) with a = r·m − c·n = n·m·(F_R − F_C) just
    /// above b_{t−1} and just below b_t, as ``SlotWalk`` computes them; nothing when either side is empty.
    /// `body` returns whether to go on. Inlined, so that the walk compiles to one tight loop at each caller
    /// (through a closure call per slot, the check of every incremental pass cost 5 ms instead of 2).
    @inline(__always)
    func forEachSlotGap(_ body: (_ slot: Int, _ before: Int, _ after: Int) -> Bool) {
        let partition = reference.partition
        let n = partition.referenceCount
        let m = finiteCount
        guard n > 0, m > 0 else { return }
        var reader = BreakpointMultiplicities.Reader()
        var r = 0
        var c = 0
        var a = 0
        partition.multiplicities.exceptionBits.withUnsafeBufferPointer { bits in
            partition.multiplicities.exceptions.withUnsafeBufferPointer { exceptions in
                counts.withUnsafeBufferPointer { counts in
                    for t in 0..<partition.breakpoints.count {
                        let inSlot = Int(counts[2 &* t])
                        if t > 0 && !body(t, a, a &- inSlot &* n) { return }
                        c &+= inSlot &+ Int(counts[2 &* t &+ 1])
                        r &+= reader.multiplicity(at: t, bits: bits, exceptions: exceptions)
                        a = r &* m &- c &* n
                    }
                }
            }
        }
    }
}
