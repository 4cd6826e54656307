/// Runs per-feature work over all features concurrently, one child task per feature, and returns the
/// results in input order. The statistics have no shared state, so a task group over columns is all it
/// takes to use every core.
public enum ParallelComparison {
    /// Applies `work` to every element of `items` concurrently; results keep the order of `items`.
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ work: @escaping @Sendable (Item) -> Output
    ) async -> [Output] {
        await withTaskGroup(of: (Int, Output).self) { group in
            for (index, item) in items.enumerated() {
                group.addTask { (index, work(item)) }
            }
            var results = [Output?](repeating: nil, count: items.count)
            for await (index, output) in group { results[index] = output }
            return results.map { $0! }
        }
    }
}
