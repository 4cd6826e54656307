/// Quantiles of sorted samples.
enum Quantile {
    /// The q-quantile of `sorted` (ascending, finite, non-empty) with linear interpolation between order
    /// statistics: Hyndman & Fan (1996), "Sample quantiles in statistical packages", The American
    /// Statistician 50(4), definition 7 — numpy's default.
    ///
    /// Position h = (n − 1)·q. The interpolation follows numpy's two-sided form (from the lower neighbour
    /// when the fraction is below ½, from the upper one otherwise), which keeps the result monotone in q and
    /// exact at the order statistics.
    static func type7(sorted: UnsafeBufferPointer<Double>, q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        return type7(count: sorted.count, q: q) { sorted[$0] }
    }

    /// ``type7(sorted:q:)`` of a sample of `count` values (≥ 1) whose k-th smallest (from 0) is
    /// `orderStatistic(k)`: for a sample not held in one sorted array.
    static func type7(count: Int, q: Double, orderStatistic: (Int) -> Double) -> Double {
        let position = Double(count - 1) * q
        let lowerIndex = min(max(Int(position.rounded(.down)), 0), count - 1)
        let upperIndex = min(lowerIndex + 1, count - 1)
        let fraction = position - Double(lowerIndex)
        let lower = orderStatistic(lowerIndex)
        let upper = upperIndex == lowerIndex ? lower : orderStatistic(upperIndex)
        let difference = upper - lower
        guard difference.isFinite else {
            // Neighbours more than Double.greatestFiniteMagnitude apart: the weighted mean cannot
            // overflow, and the result stays between them.
            return min(max(lower * (1 - fraction) + upper * fraction, lower), upper)
        }
        if fraction >= 0.5 {
            return upper - difference * (1 - fraction)
        }
        return lower + difference * fraction
    }

    /// PSI bin edges: the sorted distinct values of the reference quantiles Q(k/B), k = 1 … B−1.
    static func psiEdges(sorted: UnsafeBufferPointer<Double>, bins: Int) -> [Double] {
        guard bins > 1, !sorted.isEmpty else { return [] }
        var edges: [Double] = []
        edges.reserveCapacity(bins - 1)
        for k in 1..<bins {
            let edge = type7(sorted: sorted, q: Double(k) / Double(bins))
            // Edges are non-decreasing in k; keep them strictly increasing.
            if let last = edges.last, !(edge > last) { continue }
            edges.append(edge)
        }
        return edges
    }
}
