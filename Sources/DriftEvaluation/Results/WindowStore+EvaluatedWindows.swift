public import DriftCore

extension WindowStore {
    /// Saves an evaluated window (replacing an earlier evaluation of it) and returns it as stored, with
    /// its evaluation count.
    /// - Throws: ``EvaluationError/Code/unknownModel``, ``EvaluationError/Code/store``.
    @discardableResult
    public func saveWindowResult(model: ModelName, result: WindowResult) throws(EvaluationError) -> WindowResult {
        let record = try StoredWindowResult(result)
        let stored = try EvaluationError.store { () throws(StoreError) in try self.saveWindowResult(model: model, record) }
        var saved = result
        saved.evaluations = stored.evaluations
        return saved
    }

    /// The evaluated windows of `model` that overlap [from, to), oldest first (nil bounds are open).
    /// - Throws: ``EvaluationError/Code/corruptResult``, ``EvaluationError/Code/store``.
    public func evaluatedWindows(model: ModelName, from: Int64? = nil, to: Int64? = nil) throws(EvaluationError)
        -> [WindowResult]
    {
        let stored = try EvaluationError.store { () throws(StoreError) in
            try windowResults(model: model, from: from, to: to)
        }
        var results: [WindowResult] = []
        results.reserveCapacity(stored.count)
        for record in stored { results.append(try WindowResult(stored: record)) }
        return results
    }

    /// The complete windows of `model` evaluated at or after `evaluatedAt`, oldest window first.
    /// - Throws: ``EvaluationError/Code/corruptResult``, ``EvaluationError/Code/store``.
    public func finalWindows(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(EvaluationError)
        -> [WindowResult]
    {
        let stored = try EvaluationError.store { () throws(StoreError) in
            try finalWindowResults(model: model, evaluatedSince: evaluatedAt)
        }
        var results: [WindowResult] = []
        results.reserveCapacity(stored.count)
        for record in stored { results.append(try WindowResult(stored: record)) }
        return results
    }
}
