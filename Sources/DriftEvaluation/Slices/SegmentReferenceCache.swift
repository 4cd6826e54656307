import DriftCore

/// The segment references of a model's reference versions (``ReferenceSegment``), read from the store
/// once per (model, version, feature) and kept, like the model's references in ``ReferenceCache``.
///
/// Keeps the ``capacity`` most recently used (model, version, feature) entries.
final class SegmentReferenceCache: Sendable {
    /// Entries kept: a few models' segment keys over two reference versions each.
    static let capacity = 64

    private struct Key: Hashable {
        var model: ModelName
        var version: Int
        var feature: String
    }

    private let store: any StoragePort
    /// The cached entries, most recently used last.
    private let entries = Locked<[(key: Key, segments: [String: ReferenceSegment])]>([])

    init(store: any StoragePort) {
        self.store = store
    }

    /// The segment references of `feature` in reference `version` of `model`, by value.
    func segments(model: ModelName, version: Int, feature: String) throws(EvaluationError) -> [String: ReferenceSegment]
    {
        let key = Key(model: model, version: version, feature: feature)
        let cached = entries.withLock { entries -> [String: ReferenceSegment]? in
            guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.segments
        }
        if let cached { return cached }
        let loaded = try EvaluationError.store { () throws(StoreError) in
            try store.referenceSegments(model: model, version: version, feature: feature)
        }
        let byValue = Dictionary(loaded.map { ($0.value, $0) }, uniquingKeysWith: { _, last in last })
        entries.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append((key, byValue))
            if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        }
        return byValue
    }
}
