/// The open slots of a ``NumericFold`` whose window values are kept, with those values: the slots in
/// ascending order beside their bounds, so that a value is placed by one binary search over a flat array
/// (no hashing), and each slot's values in an array of their own, which grows geometrically by itself.
/// (One flat array of regions for every slot was tried: a window that grows several times over after its
/// slots are chosen overflowed region after region, and each overflow re-laid out every slot; at 1M events
/// the full pass took 26 s instead of 4.4 s.)
struct WatchedSlots: Sendable {
    /// Open-slot indices, ascending.
    private(set) var slots: [Int] = []
    /// Each slot's lower and upper bound (b_{t−1}, b_t).
    var lows: [Double] = []
    private var highs: [Double] = []
    /// Each slot's kept values: in ascending order up to ``sortedPrefix``, then in arrival order.
    private var values: [[Double]] = []
    /// How many of each slot's first values are in ascending order (``sortAppended()``).
    private var sortedPrefix: [Int] = []
    /// Values kept over all slots.
    private(set) var count = 0
    /// Whether ``gather(_:partition:)`` appended values since the last ``sortAppended()``. Only a gather
    /// leaves a slot's values out of order (``append(_:at:)`` inserts in place into an ordered slot), so
    /// without one ``sortAppended()`` has nothing to do and need not visit every slot.
    private var gathered = false

    /// No slot watched.
    init() {}

    /// Watches `slots` (ascending, interior: 1 ≤ t < K) of the partition cut at `points`, reserving room
    /// for `capacity(t)` values in slot t.
    init(slots: [Int], points: [Double], capacity: (Int) -> Int) {
        self.slots = slots
        lows = slots.map { points[$0 - 1] }
        highs = slots.map { points[$0] }
        // An empty array allocates nothing: room is reserved only where values are expected, since a
        // reference much larger than the window leaves most watched slots empty.
        values = slots.map { slot in
            var kept: [Double] = []
            let room = capacity(slot)
            if room > 0 { kept.reserveCapacity(room) }
            return kept
        }
        sortedPrefix = [Int](repeating: 0, count: slots.count)
    }

    var isEmpty: Bool { slots.isEmpty }

    /// The position of `slot` among the watched slots, if watched.
    func position(of slot: Int) -> Int? {
        var low = 0
        var high = slots.count
        while low < high {
            let middle = (low + high) / 2
            if slots[middle] < slot { low = middle + 1 } else { high = middle }
        }
        return low < slots.count && slots[low] == slot ? low : nil
    }

    /// Keeps `value`, which lies in the watched slot at `position`: in its place when the slot's values
    /// are in order (a few values arriving in an incremental pass then need no sort), at the end otherwise.
    mutating func append(_ value: Double, at position: Int) {
        count += 1
        if sortedPrefix[position] == values[position].count {
            var low = 0
            var high = values[position].count
            while low < high {
                let middle = (low + high) / 2
                if values[position][middle] <= value { low = middle + 1 } else { high = middle }
            }
            values[position].insert(value, at: low)
            sortedPrefix[position] += 1
        } else {
            values[position].append(value)
        }
    }

    /// The values kept for the watched slot at `position`, in ascending order: as kept when they are
    /// (after ``sortAppended()``), else a sorted copy.
    func ascending(at position: Int) -> [Double] {
        sortedPrefix[position] == values[position].count ? values[position] : values[position].sorted()
    }

    /// How many values are kept for the watched slot at `position`.
    func keptCount(at position: Int) -> Int { values[position].count }

    /// Keeps every value of `chunk` that lies strictly inside a watched slot of `partition`. Each value's
    /// coarse group is found as ``NumericFold``'s fold finds it (``WindowScan/group(of:bounds:grid:cells:start:scale:)``,
    /// a grid lookup); a group without a watched slot is passed over at once, and otherwise a branch-free
    /// binary search (Khuong & Morin 2017, §2) over the group's watched slots' lower bounds, then one
    /// comparison with the upper bound, places the value. Far fewer steps than a search over every watched
    /// slot when many are watched, and none for most values when few are.
    mutating func gather(_ chunk: UnsafeBufferPointer<Double>, partition: ReferencePartition) {
        guard !slots.isEmpty, partition.groupStarts.count >= 2 else { return }
        let (first, end) = watchedRanges(partition: partition)
        partition.groupBounds.withUnsafeBufferPointer { bounds in
            partition.grid.withUnsafeBufferPointer { grid in
                keep { place in
                    for value in chunk where value.isFinite {
                        let group = WindowScan.group(
                            of: value, bounds: bounds, grid: grid, cells: grid.count - 2,
                            start: partition.gridStart, scale: partition.gridScale)
                        place(value, Int(first[group]), Int(end[group]))
                    }
                }
            }
        }
    }

    /// Keeps every value of `grouped` that lies strictly inside a watched slot, as ``gather(_:partition:)``
    /// does, for values already grouped by ``NumericFold``'s fold: group g's values are
    /// `grouped[groupEnds[g] ..< groupEnds[g + 1]]`. A group without a watched slot is skipped whole, and
    /// no value's group is looked up again.
    mutating func gather(
        grouped: UnsafeBufferPointer<Double>, groupEnds: UnsafeBufferPointer<Int>, partition: ReferencePartition
    ) {
        let groupCount = partition.groupStarts.count - 1
        guard !slots.isEmpty, groupCount >= 1, groupEnds.count == groupCount + 1 else { return }
        let (first, end) = watchedRanges(partition: partition)
        keep { place in
            for group in 0..<groupCount where first[group] < end[group] {
                let (low, high) = (Int(first[group]), Int(end[group]))
                for index in groupEnds[group]..<groupEnds[group + 1] { place(grouped[index], low, high) }
            }
        }
    }

    /// For each coarse group g of `partition`, the watched positions `first[g] ..< end[g]` of the slots its
    /// values fall in (the slots t with groupStarts[g] ≤ t ≤ groupStarts[g + 1]).
    private func watchedRanges(partition: ReferencePartition) -> (first: [Int32], end: [Int32]) {
        let groupCount = partition.groupStarts.count - 1
        var first = [Int32](repeating: 0, count: groupCount)
        var end = [Int32](repeating: 0, count: groupCount)
        var position = 0
        for group in 0..<groupCount {
            while position < slots.count && slots[position] < partition.groupStarts[group] { position += 1 }
            first[group] = Int32(position)
            var last = position
            while last < slots.count && slots[last] <= partition.groupStarts[group + 1] { last += 1 }
            end[group] = Int32(last)
        }
        return (first, end)
    }

    /// Calls `body` with a function that keeps a value if it lies strictly inside one of the watched slots
    /// at positions `first ..< end` (a branch-free search over their lower bounds, then the upper bound).
    @inline(__always)
    private mutating func keep(_ body: (_ place: (Double, Int, Int) -> Void) -> Void) {
        var appended = 0
        lows.withUnsafeBufferPointer { lows in
            highs.withUnsafeBufferPointer { highs in
                values.withUnsafeMutableBufferPointer { values in
                    body { value, first, end in
                        var index = first
                        var size = end &- first
                        guard size > 0 else { return }
                        while size > 1 {
                            let half = size &>> 1
                            index &+= half & (0 &- Int(unsafeBitCast(lows[index &+ half] < value, to: UInt8.self)))
                            size &-= half
                        }
                        if lows[index] < value && value < highs[index] {
                            values[index].append(value)
                            appended &+= 1
                        }
                    }
                }
            }
        }
        count += appended
        if appended > 0 { gathered = true }
    }

    /// Puts in ascending order the values of every slot a gather appended to since the last call (a
    /// slot's sorted values and a short unsorted tail sort in about linear time: the standard library's
    /// sort finds the sorted run), so that the comparison's walk over a crossing slot's values finds them
    /// in order. Without a gather since, every slot is in order already and nothing is visited.
    mutating func sortAppended() {
        guard gathered else { return }
        gathered = false
        values.withUnsafeMutableBufferPointer { values in
            sortedPrefix.withUnsafeMutableBufferPointer { sortedPrefix in
                for position in values.indices where values[position].count > sortedPrefix[position] {
                    values[position].sort()
                    sortedPrefix[position] = values[position].count
                }
            }
        }
    }

    /// Stops watching the slots at the positions where `drop` is true, forgetting their values.
    mutating func remove(where drop: (Int) -> Bool) {
        var keptPositions: [Int] = []
        for position in slots.indices where !drop(position) { keptPositions.append(position) }
        slots = keptPositions.map { slots[$0] }
        lows = keptPositions.map { lows[$0] }
        highs = keptPositions.map { highs[$0] }
        values = keptPositions.map { values[$0] }
        sortedPrefix = keptPositions.map { sortedPrefix[$0] }
        count = values.reduce(0) { $0 + $1.count }
    }
}
