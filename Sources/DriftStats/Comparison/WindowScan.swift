/// One scan of a window against a ``ReferencePartition`` that yields the KS statistic, the window's PSI bin
/// counts and the Wasserstein-1 distance together, without sorting the window.
///
/// The method is a two-level distribution sort keyed on the reference (Knuth, TAOCP vol. 3, §5.2.5, with
/// the reference as splitters), stopped before the values are ordered:
/// 1. each finite value is placed in a coarse group of ``ReferencePartition/groupSize`` breakpoints
///    through a uniform grid over the group bounds, and the window summary is accumulated;
/// 2. the values are distributed by group (a counting sort), so that each group's values and breakpoints
///    stay in the first-level cache for the next step;
/// 3. per group, ``GroupTally`` counts the values per fine slot and sums their offsets above the slot's
///    lower breakpoint, and ``SlotWalk`` walks the group's slots in order for KS, Wasserstein-1 and the
///    bin counts (see there for why counts and offset sums suffice).
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
        // Group numbers take two bytes per window value up to 65 534 groups (about 8 million distinct
        // reference values), four beyond.
        if partition.groupStarts.count - 1 < Int(UInt16.max) {
            self.init(partition: partition, window: window, referenceCount: referenceCount, groupNumber: UInt16.self)
        } else {
            self.init(partition: partition, window: window, referenceCount: referenceCount, groupNumber: UInt32.self)
        }
    }

    /// The scan, with each finite value's group stored as a `Group`; `Group.max` marks a missing value.
    private init<Group: FixedWidthInteger & UnsignedInteger>(
        partition: ReferencePartition, window: [Double], referenceCount: Int, groupNumber: Group.Type
    ) {
        let groupCount = partition.groupStarts.count - 1
        precondition(groupCount < Int(Group.max), "group numbers fit below the missing-value mark")
        // Both large buffers are written in full before they are read, so they start uninitialised.
        var groupOfValue = [Group](unsafeUninitializedCapacity: window.count) { _, count in count = window.count }
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
                            guard value.isFinite else {
                                groups[index] = Group.max
                                continue
                            }
                            finiteCount += 1
                            sum += value
                            minimum = Swift.min(minimum, value)
                            maximum = Swift.max(maximum, value)
                            if value < referenceLow || value > referenceHigh { outsideReference += 1 }
                            let group = Self.group(
                                of: value, bounds: bounds, grid: grid, cells: cells,
                                start: partition.gridStart, scale: partition.gridScale)
                            groups[index] = Group(truncatingIfNeeded: group)
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
        var grouped = [Double](unsafeUninitializedCapacity: finiteCount) { _, count in count = finiteCount }
        var next = groupCounts
        window.withUnsafeBufferPointer { values in
            groupOfValue.withUnsafeBufferPointer { groups in
                grouped.withUnsafeMutableBufferPointer { target in
                    next.withUnsafeMutableBufferPointer { next in
                        for index in 0..<values.count {
                            guard groups[index] != Group.max else { continue }
                            let group = Int(groups[index])
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
    static func group(
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
