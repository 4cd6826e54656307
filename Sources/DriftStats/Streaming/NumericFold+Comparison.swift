/// The comparison of a folded window with its reference, from the slot state and the crossing slots' kept
/// values (``SlotWalk``).
extension NumericFold {
    /// Σ offset over open slot t, from its state.
    func offsetSum(_ t: Int) -> Double {
        let points = reference.partition.breakpoints
        if t == 0 { return belowFirst.value }
        if t == points.count { return aboveLast.value }
        let fraction = Double(fractionHigh[t]) * 18_446_744_073_709_551_616.0 + Double(fractionLow[t])
        return fraction / Self.fractionScale * (points[t] - points[t - 1])
    }

    /// The comparison of the folded window with the reference; nil when either side has no finite value.
    /// - Precondition: ``unwatchedCrossings`` is empty and every watched slot's values were all kept (the
    ///   slot was watched before the window's first value was folded, or gathered again after ``watchNearCrossings()``).
    public func comparison() -> NumericComparison? {
        let partition = reference.partition
        guard reference.count > 0, finiteCount > 0 else { return nil }
        // Only the crossing slots' values are walked (``SlotWalk`` integrates the others from their sums).
        let crossings = crossingSlots()
        precondition(crossings.allSatisfy(isWatched), "the values of every crossing slot are kept")
        var nextCrossing = 0
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
                // The slot above the group's last breakpoint belongs to the next group (except in the last one).
                if j < pointCount || isLast, nextCrossing < crossings.count, crossings[nextCrossing] == t {
                    nextCrossing += 1
                    let values = kept.position(of: t).map(kept.kept(at:)) ?? []
                    crossingValues.append(contentsOf: values)
                    slotOfValue.append(contentsOf: repeatElement(Int32(2 * j), count: values.count))
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
