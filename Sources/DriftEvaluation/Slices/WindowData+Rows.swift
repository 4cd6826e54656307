public import DriftCore

extension WindowData {
    /// The window restricted to the given rows, in the order given: what one slice of the window holds.
    /// The slice columns are not carried over (a slice is not routed again).
    public func rows(_ indices: [Int]) -> WindowData {
        WindowData(
            start: start, end: end, schema: schema, columns: columns.map { $0.rows(indices) },
            timestamps: indices.map { timestamps[$0] }, predictions: indices.map { predictions[$0] },
            scores: indices.map { scores[$0] }, labels: indices.map { labels[$0] },
            latencies: latencies.isEmpty ? [] : indices.map { latencies[$0] })
    }
}
