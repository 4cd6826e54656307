/// The real line cut at every distinct reference value and every PSI edge, so that one counting pass over
/// a window yields KS, PSI, Jensen–Shannon and (with a bucket sort) Wasserstein without sorting the window.
///
/// With breakpoints b₀ < b₁ < … < b_{K−1}, a value falls in one of 2K + 1 *slots*: slot 2j is the open
/// interval (b_{j−1}, b_j) (with b₋₁ = −∞, b_K = +∞) and slot 2j + 1 is the point b_j. The reference CDF
/// is constant on every open interval, so sup |F_R − F_C| and ∫ |F_R − F_C| need only the window's counts
/// per slot and its order inside each open slot (STATISTICS.md, "Computation notes").
///
/// The partition is the only copy of the reference a ``NumericReference`` keeps: the breakpoints with
/// their multiplicities (how many reference values equal each) determine the sorted reference values,
/// which ``sortedReference`` rebuilds. For a continuous reference of n values that is about 8⅛ bytes per
/// value (one breakpoint and one bit), plus a lookup table of about ¼ byte per value.
struct ReferencePartition: Sendable {
    /// Distinct reference values and PSI edges, ascending.
    let breakpoints: [Double]
    /// The number of reference values equal to each breakpoint.
    let multiplicities: BreakpointMultiplicities
    /// Number of finite reference values (n).
    let referenceCount: Int
    /// For each PSI edge in order, the index of its breakpoint.
    let edgeBreakpoints: [Int]
    /// Reference count per PSI bin.
    let referenceBinCounts: [Int]
    /// Coarse groups of consecutive breakpoints: group g holds breakpoints groupStarts[g] ..< groupStarts[g+1]
    /// and the values in (b[groupStarts[g] − 1], b[groupStarts[g+1] − 1]] (the last group is open above).
    /// A group's breakpoints and window values fit in the first-level cache, so the fine pass never
    /// misses it.
    let groupStarts: [Int]
    /// The largest breakpoint of every group but the last, ascending, framed by −∞ in front and
    /// ``locatorWidth`` copies of +∞ behind: bound i is `groupBounds[1 + i]`, so the group of a value v is
    /// the g with groupBounds[g] < v ≤ groupBounds[g + 1].
    let groupBounds: [Double]
    /// Lookup on a uniform grid over the group bounds: `grid[t]` = number of bounds below cell t's start.
    let grid: [Int32]
    let gridStart: Double
    let gridScale: Double

    /// Breakpoints per coarse group; a power of two, as ``GroupTally`` searches a group in fixed steps.
    static let groupSize = 128
    /// Bounds compared after a grid lookup; a cell seldom holds more than one bound (about four cells per
    /// bound), so a lookup that needs more falls back to a binary search.
    static let locatorWidth = 4
    /// The most finite values a reference may hold (2³² − 1), as ``BreakpointMultiplicities`` counts in
    /// `UInt32`.
    static let maximumReferenceCount = Int(UInt32.max)

    /// Builds the partition of the sorted reference held in `storage[start...]` (finite, ascending, at
    /// most ``maximumReferenceCount`` values) cut also at `edges` (ascending, distinct, at most `start`
    /// of them), turning `storage` itself into ``breakpoints``: no second array of the reference's size is
    /// allocated, and nothing else refers to the values afterwards.
    ///
    /// The breakpoints are written from the front of `storage` while the values are read behind them:
    /// after e edges and the runs of equal values up to index i, e + (distinct values so far) ≤ e + i
    /// breakpoints are written, and e < `start` before an edge is written, so a write never reaches a
    /// value still to be read.
    init(storage: consuming [Double], valuesFrom start: Int, edges: [Double]) {
        let referenceCount = storage.count - start
        precondition(edges.count <= start, "room in front of the values for every edge")
        precondition(
            referenceCount <= Self.maximumReferenceCount,
            "a numeric reference holds at most \(Self.maximumReferenceCount) finite values")
        // A first pass sizes the multiplicities, a second records them and writes the breakpoints.
        var pointCount = 0
        var exceptionCount = 0
        storage.withUnsafeBufferPointer { all in
            Self.merge(UnsafeBufferPointer(rebasing: all[start...]), edges) { _, multiplicity, _ in
                pointCount += 1
                if multiplicity != 1 { exceptionCount += 1 }
            }
        }
        var edgeIndices: [Int] = []
        var binCounts: [Int] = []
        edgeIndices.reserveCapacity(edges.count)
        binCounts.reserveCapacity(edges.count + 1)
        multiplicities = BreakpointMultiplicities(count: pointCount, exceptionCount: exceptionCount) { record in
            storage.withUnsafeMutableBufferPointer { all in
                let values = UnsafeBufferPointer(rebasing: all[start...])
                var index = 0
                var atOrBelow = 0
                var atLastEdge = 0
                Self.merge(values, edges) { point, multiplicity, isEdge in
                    all[index] = point
                    record(multiplicity)
                    atOrBelow += multiplicity
                    if isEdge {
                        edgeIndices.append(index)
                        binCounts.append(atOrBelow - atLastEdge)
                        atLastEdge = atOrBelow
                    }
                    index += 1
                }
                binCounts.append(referenceCount - atLastEdge)
            }
        }
        storage.removeLast(storage.count - pointCount)
        // Keep the storage when the breakpoints fill most of it (a continuous reference); copy them out
        // when repeated or missing values left much of it unused.
        if pointCount < storage.capacity - storage.capacity / 8 {
            storage = [Double](unsafeUninitializedCapacity: pointCount) { buffer, initialized in
                _ = buffer.initialize(fromContentsOf: storage)
                initialized = pointCount
            }
        }
        breakpoints = storage
        let points = breakpoints
        self.referenceCount = referenceCount
        edgeBreakpoints = edgeIndices
        referenceBinCounts = binCounts

        let starts = Array(stride(from: 0, to: max(points.count, 1), by: Self.groupSize)) + [points.count]
        groupStarts = starts
        let bounds = starts.dropFirst().dropLast().map { points[$0 - 1] }
        groupBounds = [-.infinity] + bounds + [Double](repeating: .infinity, count: 1 + Self.locatorWidth)
        // About four grid cells per bound keeps most brackets at one or two bounds.
        if let first = bounds.first, let last = bounds.last, last > first, (last - first).isFinite {
            let cells = 4 * bounds.count
            gridStart = first
            gridScale = Double(cells) / (last - first)
            var table = [Int32](repeating: 0, count: cells + 2)
            var index = 0
            for cell in 0...(cells + 1) {
                let cellStart = first + Double(cell) / gridScale
                while index < bounds.count && bounds[index] < cellStart { index += 1 }
                table[cell] = Int32(index)
            }
            grid = table
        } else {
            gridStart = 0
            gridScale = 0
            grid = []
        }
    }

    /// Merges the distinct values of `sorted` with `edges`, calling `body` once per breakpoint in
    /// ascending order with the breakpoint, its multiplicity in `sorted` and whether it is a PSI edge.
    @inline(__always)
    private static func merge(
        _ sorted: UnsafeBufferPointer<Double>, _ edges: [Double],
        _ body: (_ point: Double, _ multiplicity: Int, _ isEdge: Bool) -> Void
    ) {
        var referenceIndex = 0
        var edgeIndex = 0
        while referenceIndex < sorted.count || edgeIndex < edges.count {
            let nextReference = referenceIndex < sorted.count ? sorted[referenceIndex] : .infinity
            let nextEdge = edgeIndex < edges.count ? edges[edgeIndex] : .infinity
            let point = min(nextReference, nextEdge)
            let firstEqual = referenceIndex
            while referenceIndex < sorted.count && sorted[referenceIndex] == point {
                referenceIndex += 1
            }
            let isEdge = edgeIndex < edges.count && edges[edgeIndex] == point
            if isEdge { edgeIndex += 1 }
            body(point, referenceIndex - firstEqual, isEdge)
        }
    }

    /// The reference values in ascending order, rebuilt from the breakpoints and their multiplicities
    /// (O(n) time, a new array of n values). A breakpoint stands for every reference value equal to it,
    /// so −0 and +0 come back with the breakpoint's sign; ``NumericReference/sortedValues`` restores them.
    var sortedReference: [Double] {
        [Double](unsafeUninitializedCapacity: referenceCount) { buffer, initialized in
            breakpoints.withUnsafeBufferPointer { points in
                multiplicities.exceptionBits.withUnsafeBufferPointer { bits in
                    multiplicities.exceptions.withUnsafeBufferPointer { exceptions in
                        var reader = BreakpointMultiplicities.Reader()
                        var filled = 0
                        for index in 0..<points.count {
                            let multiplicity = reader.multiplicity(at: index, bits: bits, exceptions: exceptions)
                            for _ in 0..<multiplicity {
                                buffer.initializeElement(at: filled, to: points[index])
                                filled += 1
                            }
                        }
                        precondition(filled == referenceCount, "multiplicities add up to the reference count")
                    }
                }
            }
            initialized = referenceCount
        }
    }

    /// Number of slots: 2K + 1.
    var slotCount: Int { 2 * breakpoints.count + 1 }
}
