import DriftCore

/// The references the service compares windows with, decoded once per (model, version) instead of once
/// per window (decoding a 1M-row reference rebuilds its partition, tens of milliseconds).
///
/// Keeps the ``capacityPerModel`` most recently used versions of each model.
final class ReferenceCache: Sendable {
    /// Versions kept per model: the latest and the one before it cover a reference replacement while
    /// older windows are still being re-evaluated.
    static let capacityPerModel = 2

    private let store: any StoragePort
    /// Per model, the cached references, most recently used last.
    private let entries = Locked<[ModelName: [StoredReference]]>([:])

    init(store: any StoragePort) {
        self.store = store
    }

    /// The latest reference version of `model`.
    /// - Throws: ``EvaluationError/Code/unknownModel`` when the model has no reference.
    func latestVersion(model: ModelName) throws(EvaluationError) -> Int {
        let versions = try EvaluationError.store { () throws(StoreError) in try store.referenceVersions(model: model) }
        guard let latest = versions.last else {
            throw EvaluationError(.unknownModel, "model \(model) has no reference; upload one first")
        }
        return latest
    }

    /// Reference `version` of `model`, or nil when that version is not stored.
    func reference(model: ModelName, version: Int) throws(EvaluationError) -> StoredReference? {
        let cached = entries.withLock { entries -> StoredReference? in
            guard let index = entries[model]?.firstIndex(where: { $0.version == version }) else { return nil }
            let reference = entries[model]!.remove(at: index)
            entries[model]!.append(reference)
            return reference
        }
        if let cached { return cached }
        guard
            let loaded = try EvaluationError.store({ () throws(StoreError) in
                try store.reference(model: model, version: version)
            })
        else { return nil }
        entries.withLock { entries in
            var list = entries[model, default: []].filter { $0.version != version }
            list.append(loaded)
            entries[model] = Array(list.suffix(Self.capacityPerModel))
        }
        return loaded
    }
}
