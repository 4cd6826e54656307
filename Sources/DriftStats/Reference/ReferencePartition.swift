/// The real line cut at every distinct reference value and every PSI edge, so that one counting pass over
/// a window yields KS, PSI, Jensen–Shannon and (with a bucket sort) Wasserstein without sorting the window.
///
/// With breakpoints b₀ < b₁ < … < b_{K−1}, a value falls in one of 2K + 1 *slots*: slot 2j is the open
/// interval (b_{j−1}, b_j) (with b₋₁ = −∞, b_K = +∞) and slot 2j + 1 is the point b_j. The reference CDF
/// is constant on every open interval, so sup |F_R − F_C| and ∫ |F_R − F_C| need only the window's counts
/// per slot and its order inside each open slot (STATISTICS.md, "Computation notes").
struct ReferencePartition: Sendable {
    /// Distinct reference values and PSI edges, ascending.
    let breakpoints: [Double]
    /// Number of reference values ≤ breakpoints[j].
    let referenceAtOrBelow: [Int]
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

    init(sortedReference: [Double], edges: [Double]) {
        var points: [Double] = []
        var atOrBelow: [Int] = []
        var edgeIndices: [Int] = []
        points.reserveCapacity(sortedReference.count + edges.count)
        atOrBelow.reserveCapacity(sortedReference.count + edges.count)
        var referenceIndex = 0
        var edgeIndex = 0
        // Merge the distinct reference values with the edges.
        while referenceIndex < sortedReference.count || edgeIndex < edges.count {
            let nextReference = referenceIndex < sortedReference.count ? sortedReference[referenceIndex] : .infinity
            let nextEdge = edgeIndex < edges.count ? edges[edgeIndex] : .infinity
            let point = min(nextReference, nextEdge)
            while referenceIndex < sortedReference.count && sortedReference[referenceIndex] == point {
                referenceIndex += 1
            }
            if edgeIndex < edges.count && edges[edgeIndex] == point {
                edgeIndices.append(points.count)
                edgeIndex += 1
            }
            points.append(point)
            atOrBelow.append(referenceIndex)
        }
        breakpoints = points
        referenceAtOrBelow = atOrBelow
        edgeBreakpoints = edgeIndices
        var binCounts: [Int] = []
        var previous = 0
        for breakpoint in edgeIndices {
            binCounts.append(atOrBelow[breakpoint] - previous)
            previous = atOrBelow[breakpoint]
        }
        binCounts.append(sortedReference.count - previous)
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

    /// Number of slots: 2K + 1.
    var slotCount: Int { 2 * breakpoints.count + 1 }
}
