/// The window's values of one coarse group of a ``ReferencePartition``, tallied per fine slot: how many
/// fall on each breakpoint, how many fall strictly between consecutive breakpoints, and the sum of their
/// offsets above the lower breakpoint. Those sums are all that ``SlotWalk`` needs for Wasserstein-1 on a
/// slot where F_R − F_C keeps its sign, so the values are never put in order.
///
/// Local layout for a group whose breakpoints are b_f … b_{f+P−1}:
/// - `bounds[0]` is b_{f−1} (b_0 for the first group, whose lowest slot is unbounded below), and
///   `bounds[1 + j]` is b_{f+j};
/// - `counts[2j]` counts the values in the open slot (bounds[j], bounds[j+1]) and `counts[2j + 1]` those
///   equal to bounds[j + 1]; `counts[2P]` counts the values above the group's last breakpoint (only the
///   last group has any);
/// - `offsets[j]` is Σ (x − bounds[j]) over the values x of open slot 2j;
/// - `slotOfValue[i]` is the slot of the group's i-th value, kept for the rare slots that ``SlotWalk``
///   must put in order (where F_R − F_C changes sign, see ``SlotWalk``).
struct GroupTally {
    var bounds: [Double]
    var counts: [Int32]
    var offsets: [Double]
    var slotOfValue: [Int32] = []
    /// Breakpoints in the current group (P).
    var pointCount = 0
    /// Index of the group's first breakpoint (f).
    var firstPoint = 0

    init(groupSize: Int) {
        bounds = [Double](repeating: 0, count: groupSize + 1)
        counts = [Int32](repeating: 0, count: 2 * groupSize + 1)
        offsets = [Double](repeating: 0, count: groupSize + 1)
    }

    /// Tallies `values`, the window values of group `group` (in any order).
    mutating func tally(group: Int, values: UnsafeBufferPointer<Double>, partition: ReferencePartition) {
        firstPoint = partition.groupStarts[group]
        pointCount = partition.groupStarts[group + 1] - firstPoint
        let pointCount = pointCount
        let firstPoint = firstPoint
        if slotOfValue.count < values.count { slotOfValue = [Int32](repeating: 0, count: values.count) }
        partition.breakpoints.withUnsafeBufferPointer { allPoints in
            bounds.withUnsafeMutableBufferPointer { bounds in
                counts.withUnsafeMutableBufferPointer { counts in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        slotOfValue.withUnsafeMutableBufferPointer { slotOf in
                            bounds[0] = firstPoint > 0 ? allPoints[firstPoint - 1] : (allPoints.first ?? 0)
                            for j in 0..<pointCount { bounds[1 + j] = allPoints[firstPoint + j] }
                            // A short last group is padded with +∞, above every finite value.
                            for j in pointCount..<ReferencePartition.groupSize { bounds[1 + j] = .infinity }
                            for slot in 0...(2 * pointCount) { counts[slot] = 0 }
                            for j in 0...pointCount { offsets[j] = 0 }
                            guard pointCount > 0 else {
                                for index in 0..<values.count { slotOf[index] = 0 }
                                counts[0] = Int32(truncatingIfNeeded: values.count)
                                return
                            }
                            for index in 0..<values.count {
                                let value = values[index]
                                // Number of breakpoints ≤ value: a branch-free binary search over a power-of-two
                                // block (Khuong & Morin 2017, "Array layouts for comparison-based searching",
                                // J. Exp. Algorithmics 22, §2). The fixed trip count lets the compiler unroll it
                                // into conditional moves, so nothing is mispredicted.
                                var low = 0
                                var step = ReferencePartition.groupSize &>> 1
                                while step > 0 {
                                    low &+= bounds[low &+ step] <= value ? step : 0
                                    step &>>= 1
                                }
                                low &+= bounds[low &+ 1] <= value ? 1 : 0
                                // bounds[low] is the breakpoint just below (or at) the value; a value equal to
                                // it lands on the point slot and adds a zero offset.
                                let lower = bounds[low]
                                let isPoint = Int(unsafeBitCast(lower == value, to: UInt8.self))
                                let slot = 2 &* low &- isPoint
                                slotOf[index] = Int32(truncatingIfNeeded: slot)
                                counts[slot] &+= 1
                                offsets[low] += value - lower
                            }
                        }
                    }
                }
            }
        }
    }
}
