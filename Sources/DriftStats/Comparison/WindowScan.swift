/// One scan of a window against a ``ReferencePartition`` that yields the KS statistic, the window's PSI bin
/// counts and the Wasserstein-1 distance together, without sorting the window as a whole.
///
/// The method is a two-level bucket sort keyed on the reference (a distribution sort in the sense of
/// Knuth, TAOCP vol. 3, §5.2.5, with the reference as splitters): values are first distributed into coarse
/// groups of ``ReferencePartition/groupSize`` breakpoints, then each group is resolved to fine slots with
/// data that stays in cache. Walking the slots in order visits every pooled sample point in ascending
/// order, which is all three statistics need:
/// - KS: D = sup |F_R − F_C| is attained at a breakpoint or at the largest window value of an open slot
///   (F_R is constant on an open slot and F_C is monotone), so it is checked there.
/// - Wasserstein-1 (Vallender 1974, Theory Probab. Appl. 18(4)): ∫ |F_R − F_C| dx is a sum over
///   consecutive sample points of |F_R − F_C| times the gap; window values inside an open slot are put in
///   order by an insertion sort, as a slot seldom holds more than a few.
/// - PSI bins end at edges, which are breakpoints, so bin counts are running totals read at the edges.
struct WindowScan {
    var finiteCount = 0
    var sum = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var outsideReference = 0
    var ksStatistic = 0.0
    var binCounts: [Int] = []
    var wasserstein = 0.0

    init(partition: ReferencePartition, window: [Double], referenceCount: Int) {
        let groupCount = partition.groupStarts.count - 1
        var groupOfValue = [Int32](repeating: -1, count: window.count)
        var groupCounts = [Int](repeating: 0, count: groupCount + 1)
        let referenceLow = partition.breakpoints.first ?? 0
        let referenceHigh = partition.breakpoints.last ?? 0

        // Pass 1: the coarse group of every finite value, and the window summary.
        var finiteCount = 0
        var sum = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var outsideReference = 0
        window.withUnsafeBufferPointer { values in
            groupOfValue.withUnsafeMutableBufferPointer { groups in
                partition.groupBounds.withUnsafeBufferPointer { bounds in
                    partition.grid.withUnsafeBufferPointer { grid in
                        let cells = grid.count - 2
                        for index in 0..<values.count {
                            let value = values[index]
                            guard value.isFinite else { continue }
                            finiteCount += 1
                            sum += value
                            minimum = Swift.min(minimum, value)
                            maximum = Swift.max(maximum, value)
                            if value < referenceLow || value > referenceHigh { outsideReference += 1 }
                            let group = Self.group(
                                of: value, bounds: bounds, grid: grid, cells: cells,
                                start: partition.gridStart, scale: partition.gridScale)
                            groups[index] = Int32(truncatingIfNeeded: group)
                            groupCounts[group + 1] += 1
                        }
                    }
                }
            }
        }
        self.finiteCount = finiteCount
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
        self.outsideReference = outsideReference
        // Pass 2: distribute the values by group (a counting sort).
        for group in 0..<groupCount { groupCounts[group + 1] += groupCounts[group] }
        var grouped = [Double](repeating: 0, count: finiteCount)
        var next = groupCounts
        window.withUnsafeBufferPointer { values in
            groupOfValue.withUnsafeBufferPointer { groups in
                grouped.withUnsafeMutableBufferPointer { target in
                    next.withUnsafeMutableBufferPointer { next in
                        for index in 0..<values.count {
                            let group = Int(groups[index])
                            guard group >= 0 else { continue }
                            target[next[group]] = values[index]
                            next[group] += 1
                        }
                    }
                }
            }
        }
        // Pass 3: tally each group by fine slot and walk its slots in order.
        var walk = SlotWalk(partition: partition, referenceCount: referenceCount, windowCount: finiteCount)
        var tally = GroupTally(groupSize: ReferencePartition.groupSize)
        grouped.withUnsafeBufferPointer { values in
            for group in 0..<groupCount {
                let groupValues = UnsafeBufferPointer(rebasing: values[groupCounts[group]..<groupCounts[group + 1]])
                tally.tally(group: group, values: groupValues, partition: partition)
                walk.walk(tally, values: groupValues, isLast: group == groupCount - 1)
            }
        }
        ksStatistic = walk.statistic
        binCounts = walk.finishedBinCounts
        wasserstein = walk.wasserstein
    }

    /// The number of group bounds below `value`: its coarse group. `bounds` is
    /// ``ReferencePartition/groupBounds`` (framed by ∓∞). The grid cell gives the bounds below the cell's
    /// start; the few bounds after it are counted without branches, and the answer g is kept when
    /// bounds[g] < value ≤ bounds[g + 1] confirms it (rounding in the cell or a crowded cell can defeat
    /// it; a binary search then decides).
    @inline(__always)
    private static func group(
        of value: Double, bounds: UnsafeBufferPointer<Double>, grid: UnsafeBufferPointer<Int32>, cells: Int,
        start: Double, scale: Double
    ) -> Int {
        if cells > 0 {
            let position = Swift.min(Swift.max((value - start) * scale, 0), Double(cells))
            let first = Int(grid[Int(position)])
            var guess = first
            for offset in 1...ReferencePartition.locatorWidth {
                guess &+= bounds[first &+ offset] < value ? 1 : 0
            }
            if bounds[guess] < value && bounds[guess &+ 1] >= value { return guess }
        }
        var low = 0
        var high = bounds.count - 2 - ReferencePartition.locatorWidth
        while low < high {
            let middle = (low + high) >> 1
            if bounds[middle + 1] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
