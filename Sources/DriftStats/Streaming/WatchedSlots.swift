/// The open slots of a ``NumericFold`` whose window values are kept, with those values.
///
/// The slots are kept in ascending order beside their bounds. Their values share one flat array: slot p
/// owns the region `starts[p] ..< starts[p + 1]`, filled up to `ends[p]` in arrival order, so appending a
/// value is one store (no array per slot, no uniqueness check); a slot whose region is full makes the
/// layout be rebuilt with room to spare in every slot, which amortises to a constant per value.
///
/// A value is placed through a uniform grid over the watched range (a bucket index, Knuth, TAOCP vol. 3,
/// §6.3): each cell knows the first slot that can hold its values, so a value is placed, or turned away
/// (most of a large window's values fall in no watched slot), by one multiplication and a search over
/// the one or two slots of its cell.
struct WatchedSlots: Sendable {
    /// Open-slot indices, ascending.
    private(set) var slots: [Int] = []
    /// Each slot's lower and upper bound (b_{t−1}, b_t).
    var lows: [Double] = []
    private var highs: [Double] = []
    /// The kept values of every slot, slot after slot: slot p's region starts at `starts[p]` (`starts` has
    /// one more entry, the end of the last region) and its values fill it up to `ends[p]`.
    private var values: [Double] = []
    private var starts: [Int] = [0]
    private var ends: [Int] = []
    /// Values kept over all slots.
    private(set) var count = 0
    /// The grid (derived from the bounds): value v lies in cell ⌊(v − gridStart) · gridScale⌋, and the
    /// watched slot holding it, if any, is at a position from `cellFirst[c]` to `cellFirst[c + 1]`:
    /// `cellFirst[c]` is the first slot whose upper bound lies in cell c or a later one.
    private var gridStart = 0.0
    private var gridScale = 0.0
    private var cellFirst: [Int32] = []

    /// No slot watched.
    init() {}

    /// Watches `slots` (ascending, interior: 1 ≤ t < K) of the partition cut at `points`, with room for
    /// `capacity(t)` values in slot t.
    init(slots: [Int], points: [Double], capacity: (Int) -> Int) {
        self.slots = slots
        lows = slots.map { points[$0 - 1] }
        highs = slots.map { points[$0] }
        ends = []
        ends.reserveCapacity(slots.count)
        starts = [0]
        starts.reserveCapacity(slots.count + 1)
        for slot in slots {
            ends.append(starts[starts.count - 1])
            starts.append(starts[starts.count - 1] + max(capacity(slot), 0))
        }
        values = [Double](repeating: 0, count: starts[starts.count - 1])
        buildGrid()
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

    /// Keeps `value`, which lies in the watched slot at `position`.
    mutating func append(_ value: Double, at position: Int) {
        if ends[position] == starts[position + 1] { relayout(growing: position) }
        values[ends[position]] = value
        ends[position] += 1
        count += 1
    }

    /// The values kept for the watched slot at `position`, in arrival order.
    func kept(at position: Int) -> ArraySlice<Double> { values[starts[position]..<ends[position]] }

    /// How many values are kept for the watched slot at `position`.
    func keptCount(at position: Int) -> Int { ends[position] - starts[position] }

    /// Keeps every value of `chunk` that lies strictly inside a watched slot.
    mutating func gather(_ chunk: UnsafeBufferPointer<Double>) {
        let cells = cellFirst.count - 1
        guard cells > 0 else { return }
        let (start, scale, slotCount) = (gridStart, gridScale, slots.count)
        for value in chunk where value.isFinite {
            let offset = (value - start) * scale
            guard offset >= 0, offset < Double(cells) else { continue }
            let cell = Int(offset)
            // The first slot of the cell's candidates whose upper bound is above the value.
            var low = Int(cellFirst[cell])
            var high = min(Int(cellFirst[cell + 1]) + 1, slotCount)
            while low < high {
                let middle = (low + high) >> 1
                if highs[middle] <= value { low = middle + 1 } else { high = middle }
            }
            if low < slotCount && lows[low] < value && value < highs[low] { append(value, at: low) }
        }
    }

    /// Stops watching the slots at the positions where `drop` is true, forgetting their values.
    mutating func remove(where drop: (Int) -> Bool) {
        let keptPositions = slots.indices.filter { !drop($0) }
        var newValues: [Double] = []
        var newStarts = [0]
        var newEnds: [Int] = []
        newValues.reserveCapacity(keptPositions.reduce(0) { $0 + Self.room(for: keptCount(at: $1)) })
        for position in keptPositions {
            newValues.append(contentsOf: kept(at: position))
            newEnds.append(newValues.count)
            let room = Self.room(for: keptCount(at: position))
            newValues.append(contentsOf: repeatElement(0, count: room - keptCount(at: position)))
            newStarts.append(newValues.count)
        }
        slots = keptPositions.map { slots[$0] }
        lows = keptPositions.map { lows[$0] }
        highs = keptPositions.map { highs[$0] }
        values = newValues
        starts = newStarts
        ends = newEnds
        count = zip(newStarts, newEnds).reduce(0) { $0 + ($1.1 - $1.0) }
        buildGrid()
    }

    /// Room for a slot holding `kept` values: an eighth more and two, so that a few more can arrive.
    private static func room(for kept: Int) -> Int { kept + kept / 8 + 2 }

    /// Lays the regions out again with room to spare in each, and twice as much in the slot at `growing`.
    private mutating func relayout(growing: Int) {
        var newValues: [Double] = []
        var newStarts = [0]
        var newEnds: [Int] = []
        newStarts.reserveCapacity(slots.count + 1)
        newEnds.reserveCapacity(slots.count)
        for position in slots.indices {
            let inSlot = keptCount(at: position)
            let room = position == growing ? 2 * inSlot + 4 : Self.room(for: inSlot)
            newStarts.append(newStarts[position] + room)
        }
        newValues = [Double](repeating: 0, count: newStarts[slots.count])
        for position in slots.indices {
            let inSlot = keptCount(at: position)
            let from = starts[position]
            let to = newStarts[position]
            for offset in 0..<inSlot { newValues[to + offset] = values[from + offset] }
            newEnds.append(to + inSlot)
        }
        values = newValues
        starts = newStarts
        ends = newEnds
    }

    /// Builds the grid over the watched range: two cells per slot, at most 2²⁰.
    private mutating func buildGrid() {
        guard let first = lows.first, let last = highs.last, last > first else {
            cellFirst = []
            return
        }
        gridStart = first
        gridScale = Double(min(2 * slots.count, 1 << 20)) / (last - first)
        // The cell index is monotone in the value, and a slot's values lie between its bounds: the cell of
        // the last slot's upper bound is the last one a value can fall in.
        func cell(_ x: Double) -> Int { Int((x - first) * gridScale) }
        let cells = cell(last) + 1
        cellFirst = [Int32](repeating: Int32(slots.count), count: cells + 1)
        var next = 0
        for position in slots.indices {
            let upper = cell(highs[position])
            while next <= upper {
                cellFirst[next] = Int32(position)
                next += 1
            }
        }
    }
}
