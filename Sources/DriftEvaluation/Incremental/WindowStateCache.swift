public import DriftCore

/// The streaming states of the windows the service evaluated last, kept in memory between passes so
/// that a pass folds in only what arrived since (``WindowEvaluator/update(_:store:model:start:end:cost:)``).
///
/// A state is kept for its model, window and reference version; a pass with another reference version
/// or other settings rebuilds it from the window's rows, streaming. At most ``capacity`` states are kept
/// (the least recently used one goes first): one state holds about 24 bytes per reference breakpoint per
/// numeric feature, and the windows evaluated again and again are the open ones. States live in memory
/// only: after a restart, or on another replica, the first pass over a window rebuilds its state by
/// streaming its rows from the store (a full pass), and the passes after it are incremental again.
public final class WindowStateCache: Sendable {
    /// The most states kept.
    public let capacity: Int
    private struct Key: Hashable {
        var model: ModelName
        var start: Int64
    }
    private let states = Locked<(entries: [Key: WindowState], order: [Key], totals: WindowPassCost)>(([:], [], WindowPassCost()))

    /// - Parameter capacity: the most window states kept (≥ 0).
    public init(capacity: Int = 4) {
        self.capacity = max(capacity, 0)
    }

    /// The costs of every pass so far, summed.
    public var totals: WindowPassCost { states.withLock { $0.totals } }

    /// Evaluates `window` of `model` against `reference`: incrementally from its kept state when there is
    /// one for that reference and settings, else from all its rows; then keeps the state.
    ///
    /// - Returns: the result (``WindowResult/evaluations`` = 1) and what the pass read.
    /// - Throws: ``EvaluationError/Code/store``, ``EvaluationError/Code/typeMismatch``.
    public func evaluate(
        model: ModelName, start: Int64, end: Int64, partial: Bool, reference: StoredReference,
        settings: EvaluationSettings, store: any StoragePort, evaluatedAt: Int64
    ) throws(EvaluationError) -> (result: WindowResult, cost: WindowPassCost) {
        let evaluator = WindowEvaluator(reference: reference, settings: settings)
        let key = Key(model: model, start: start)
        var cost = WindowPassCost()
        var state: WindowState
        if store.incrementalWindowReads, var kept = take(key), kept.referenceVersion == reference.version,
            kept.settings == settings
        {
            try evaluator.update(&kept, store: store, model: model, start: start, end: end, cost: &cost)
            state = kept
        } else {
            state = try evaluator.buildState(store: store, model: model, start: start, end: end, cost: &cost)
        }
        let statistics = try state.accumulator.statistics(referencePerformance: reference.performance)
        cost.keptValues = state.accumulator.keptValues
        cost.slicedRows = state.slicedRows
        keep(state, for: key, cost: cost)
        let result = WindowResult(
            start: start, end: end, partial: partial, referenceVersion: reference.version, evaluatedAt: evaluatedAt,
            evaluations: 1, statistics: statistics)
        return (result, cost)
    }

    /// Forgets every kept state (the next pass over any window is a full one).
    public func removeAll() {
        states.withLock {
            $0.entries = [:]
            $0.order = []
        }
    }

    /// The kept state of the window of `model` starting at `start`, left in place; nil when none.
    func peek(model: ModelName, start: Int64) -> WindowState? {
        states.withLock { $0.entries[Key(model: model, start: start)] }
    }

    /// Keeps `state` for the window of `model` starting at `start`, built by another pass (a slice pass),
    /// and adds that pass's `cost` to ``totals``.
    func keep(_ state: WindowState, model: ModelName, start: Int64, cost: WindowPassCost) {
        let key = Key(model: model, start: start)
        _ = take(key)
        keep(state, for: key, cost: cost)
    }

    private func take(_ key: Key) -> WindowState? {
        states.withLock { states in
            states.order.removeAll { $0 == key }
            return states.entries.removeValue(forKey: key)
        }
    }

    private func keep(_ state: WindowState, for key: Key, cost: WindowPassCost) {
        states.withLock { states in
            states.totals.rowsFolded += cost.rowsFolded
            states.totals.rowsGathered += cost.rowsGathered
            states.totals.labelsUpdated += cost.labelsUpdated
            guard capacity > 0 else { return }
            states.entries[key] = state
            states.order.append(key)
            while states.order.count > capacity { states.entries.removeValue(forKey: states.order.removeFirst()) }
        }
    }
}
