public import DriftCore

extension SliceStore {
    /// The evaluated windows of one slice of `model` that overlap [from, to), oldest first, each with its
    /// `slice` member.
    /// - Throws: ``EvaluationError/Code/corruptResult``, ``EvaluationError/Code/store``.
    public func evaluatedSliceWindows(model: ModelName, slice: SliceKey, from: Int64? = nil, to: Int64? = nil)
        throws(EvaluationError) -> [SlicedWindow]
    {
        let stored = try EvaluationError.store { () throws(StoreError) in
            try sliceWindowResults(model: model, slice: slice.description, from: from, to: to)
        }
        var windows: [SlicedWindow] = []
        windows.reserveCapacity(stored.count)
        for record in stored { windows.append(try SlicedWindow(stored: record)) }
        return windows
    }

    /// The complete slice windows of `model` evaluated at or after `evaluatedAt`, by window then slice.
    /// - Throws: ``EvaluationError/Code/corruptResult``, ``EvaluationError/Code/store``.
    public func finalSliceWindows(model: ModelName, evaluatedSince evaluatedAt: Int64) throws(EvaluationError)
        -> [SlicedWindow]
    {
        let stored = try EvaluationError.store { () throws(StoreError) in
            try finalSliceWindowResults(model: model, evaluatedSince: evaluatedAt)
        }
        var windows: [SlicedWindow] = []
        windows.reserveCapacity(stored.count)
        for record in stored { windows.append(try SlicedWindow(stored: record)) }
        return windows
    }
}

extension SlicedWindow {
    /// Rebuilds a slice's window from its stored form.
    /// - Throws: ``EvaluationError/Code/corruptResult`` when the record does not decode.
    public init(stored: StoredSliceWindowResult) throws(EvaluationError) {
        guard let key = SliceKey(parsing: stored.slice), let name = key.key,
            let scope = ReferenceScope(rawValue: stored.referenceScope)
        else {
            throw EvaluationError(.corruptResult, "a stored slice '\(stored.slice)' has no KEY:VALUE name or scope")
        }
        self.init(
            window: try WindowResult(stored: stored.window),
            slice: SliceDescription(key: name, value: key.value, referenceScope: scope))
    }
}
