public import DriftCore

/// The streaming states of the windows the service evaluated last, kept in memory between passes so
/// that a pass folds in only what arrived since (``WindowEvaluator/update(_:store:model:start:end:cost:)``).
///
/// A state is kept for its model, window and reference version; a pass with another reference version
/// or other settings rebuilds it from the window's rows, streaming. At most ``capacity`` states are kept
/// (the least recently used one goes first): one state holds about 24 bytes per reference breakpoint per
/// numeric feature, and the windows evaluated again and again are the open ones.
///
/// With ``persistence``, states are also saved to the store (``WindowStatePersistence`` says when), and a
/// window with no state in memory — after a restart, on another replica, or pushed out by others — starts
/// from its saved state when that was folded against the same reference version and settings, folding only
/// the rows stored since; otherwise its first pass rebuilds the state by streaming the window's rows.
public final class WindowStateCache: Sendable {
    /// The most states kept.
    public let capacity: Int
    /// Saves and loads states in the store; nil keeps them in memory only.
    public let persistence: WindowStatePersistence?
    private struct Key: Hashable {
        var model: ModelName
        var start: Int64
    }
    private let states = Locked<(entries: [Key: WindowState], order: [Key], totals: WindowPassCost)>(([:], [], WindowPassCost()))

    /// - Parameters:
    ///   - capacity: the most window states kept in memory (≥ 0).
    ///   - persistence: saves and loads states in the store; nil (the default) keeps them in memory only.
    public init(capacity: Int = 4, persistence: WindowStatePersistence? = nil) {
        self.capacity = max(capacity, 0)
        self.persistence = persistence
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
        restore(model: model, start: start, reference: reference, settings: settings, store: store)
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
        // A state with sliced rows is saved by the slice pass, with its slices (EvaluationService+Slices).
        if state.slicedRows == 0, settings.segments.keys.isEmpty {
            persistence?.saveIfDue(
                state, model: model, start: start, full: cost.full, partial: partial, now: evaluatedAt, store: store)
        }
        let result = WindowResult(
            start: start, end: end, partial: partial, referenceVersion: reference.version, evaluatedAt: evaluatedAt,
            evaluations: 1, statistics: statistics)
        return (result, cost)
    }

    /// Puts the saved state of the window of `model` starting at `start` in memory when none is there and
    /// the saved one continues the pass (same reference version and settings; ``WindowStatePersistence``).
    /// Does nothing without ``persistence`` or when the store cannot read a window incrementally.
    ///
    /// A state with sliced rows (or with segment keys configured) is kept only with its saved slices,
    /// decoded against `references` (``WindowStatePersistence/loadSlices(model:start:state:references:store:)``):
    /// without them the next pass routes every row again anyway.
    public func restore(
        model: ModelName, start: Int64, reference: StoredReference, settings: EvaluationSettings,
        store: any StoragePort, references: @autoclosure () -> SliceEvaluator? = nil
    ) {
        guard let persistence, store.incrementalWindowReads, peek(model: model, start: start) == nil,
            var loaded = persistence.load(
                model: model, start: start, reference: reference, settings: settings, store: store)
        else { return }
        if loaded.slicedRows > 0 || !settings.segments.keys.isEmpty {
            guard let references = references(),
                let slices = persistence.loadSlices(
                    model: model, start: start, state: loaded, references: references, store: store)
            else { return }
            loaded.slices = slices
        }
        keep(loaded, for: Key(model: model, start: start), cost: WindowPassCost())
    }

    /// Saves the state kept in memory for the window of `model` starting at `start`, built by a pass of
    /// another kind (a slice pass; `full` when it read every row), with its kept slices; a state with
    /// sliced rows whose slices were not kept (``KeptSlices/budget``) is not saved: the next pass routes
    /// every row again anyway.
    public func saveKept(model: ModelName, start: Int64, full: Bool, partial: Bool, now: Int64, store: any StoragePort) {
        guard let persistence, let state = peek(model: model, start: start),
            state.slices != nil || (state.slicedRows == 0 && state.settings.segments.keys.isEmpty)
        else { return }
        persistence.saveIfDue(state, model: model, start: start, full: full, partial: partial, now: now, store: store)
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

    /// Takes the kept state of the window of `model` starting at `start` out of the cache (so that folding
    /// into it copies nothing); nil when none. ``keep(_:model:start:cost:)`` puts a state back.
    func take(model: ModelName, start: Int64) -> WindowState? {
        take(Key(model: model, start: start))
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
