import DriftCore

/// One evaluation pass over a window with slices (API.md, "Slices"), streamed: each chunk of the window's
/// rows, read once with its slice columns, goes to the whole model's streaming state (shadow predictions
/// excluded), to its model version's slice, and to its value's slice of each segment key
/// (``SegmentFolds``). Its memory is the chunk and one reference-sized state per slice, whatever the
/// window's size.
///
/// Reads: one, plus — only when needed — one more that folds values pooled into `__other__`
/// (``SegmentFolds/needsPooledRead``), and one crossing read that gathers the values of crossing slots for
/// every state that needs them (``WindowAccumulator/needsGather``), all up to the first read's sequence
/// number.
struct SlicePass {
    /// The whole model's reference, settings, and the segment references.
    let references: SliceEvaluator
    /// The whole model's state.
    private(set) var whole: WindowAccumulator
    private var versions: [String: SliceFold] = [:]
    private var segments: [SegmentFolds]
    /// What the pass read.
    private(set) var cost = WindowPassCost()
    /// The first read's positions, for the whole model's kept state.
    private(set) var sequence: Int64 = 0
    private(set) var labelSequence: Int64 = 0

    /// A pass whose slices' references `references` chooses. The segment references of the feature keys
    /// are read here, before the window: the store takes no other call while a read streams.
    init(references: SliceEvaluator) throws(EvaluationError) {
        let settings = references.base.settings
        segments = settings.segments.keys.map {
            SegmentFolds(key: $0, schema: references.base.schema, maxValues: settings.segments.maxValues)
        }
        var loaded: [String: [String: ReferenceSegment]] = [:]
        for segment in segments where segment.isFeature {
            loaded[segment.key] = try references.segmentReferences(segment.key)
        }
        let prefetched = loaded
        self.references = SliceEvaluator(base: references.base) { feature in prefetched[feature] ?? [:] }
        whole = references.base.makeAccumulator()
    }

    /// Reads window [start, end) of `model` and folds every slice, gathering crossing values where needed.
    /// - Throws: ``EvaluationError/Code/store`` when the store fails.
    mutating func run(store: any StoragePort, model: ModelName, start: Int64, end: Int64) throws(EvaluationError) {
        let version = references.base.referenceVersion
        var failure: EvaluationError?
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: version, sliceColumns: true
            ) { chunk in
                guard failure == nil else { return }
                do throws(EvaluationError) { try fold(chunk) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        (sequence, labelSequence) = (read.sequence, read.labelSequence)
        cost.full = true
        cost.rowsFolded = whole.count
        cost.slicedRows = read.slicedRows
        for index in segments.indices { try segments[index].finishCounting(references: references) }

        if segments.contains(where: \.needsPooledRead) {
            let pooled = segments.indices.filter { segments[$0].needsPooledRead }
            let again = try EvaluationError.store { () throws(StoreError) in
                try store.forEachWindowChunk(
                    model: model, from: start, to: end, referenceVersion: version, upToSequence: read.sequence,
                    sliceColumns: true
                ) { chunk in
                    let inWhole = Self.inWhole(chunk)
                    for index in pooled { segments[index].foldPooled(chunk, inWhole: inWhole) }
                }
            }
            cost.rowsGathered += again.rows
        }
        try gatherIfNeeded(store: store, model: model, start: start, end: end)
    }

    /// The first read's routing of one chunk.
    private mutating func fold(_ chunk: WindowData) throws(EvaluationError) {
        let inWhole = Self.inWhole(chunk)
        if let inWhole {
            whole.add(chunk.rows(inWhole.indices.filter { inWhole[$0] }))
        } else {
            whole.add(chunk)
        }
        for (name, rows) in Self.versionRows(chunk) {
            if versions[name] == nil { versions[name] = try SliceFold(slice: .version(name), references: references) }
            versions[name]?.add(chunk, rows: rows)
        }
        for index in segments.indices { try segments[index].fold(chunk, inWhole: inWhole, references: references) }
    }

    /// The crossing read, when some state needs it: one read of the features any of them watches (and the
    /// segment keys' feature columns, to route the rows), each chunk routed as in the first read.
    private mutating func gatherIfNeeded(store: any StoragePort, model: ModelName, start: Int64, end: Int64)
        throws(EvaluationError)
    {
        var features: Set<String> = []
        var wholeGathers = false
        if whole.needsGather {
            whole.prepareGather()
            wholeGathers = true
            features.formUnion(whole.featuresToGather)
        }
        for name in versions.keys {
            if let watched = versions[name]?.prepareGather() { features.formUnion(watched) }
        }
        var gatheringSegments: [Int] = []
        for index in segments.indices {
            var any = false
            try segments[index].updateFolds { fold in
                if let watched = fold.prepareGather() {
                    features.formUnion(watched)
                    any = true
                }
            }
            if any { gatheringSegments.append(index) }
        }
        let gatheringVersions = versions.keys.filter { versions[$0]?.gathering ?? false }
        guard wholeGathers || !gatheringVersions.isEmpty || !gatheringSegments.isEmpty else { return }
        for index in gatheringSegments where segments[index].isFeature { features.insert(segments[index].key) }
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: references.base.referenceVersion,
                upToSequence: sequence, features: features, sliceColumns: true
            ) { chunk in
                let inWhole = Self.inWhole(chunk)
                if wholeGathers {
                    if let inWhole {
                        whole.gather(chunk.rows(inWhole.indices.filter { inWhole[$0] }))
                    } else {
                        whole.gather(chunk)
                    }
                }
                if !gatheringVersions.isEmpty {
                    for (name, rows) in Self.versionRows(chunk) { versions[name]?.gather(chunk, rows: rows) }
                }
                for index in gatheringSegments { segments[index].gather(chunk, inWhole: inWhole) }
            }
        }
        cost.rowsGathered += read.rows
    }

    /// The slices' results but the whole model's, versions by name then each key's slices (kept values by
    /// value, `__other__`, `__missing__`), leaving out those `skip` says are unchanged (by fingerprint).
    mutating func sliceResults(
        start: Int64, end: Int64, partial: Bool, evaluatedAt: Int64, skip: (SliceKey, String) -> Bool
    ) throws(EvaluationError) -> (results: [SliceWindowResult], present: [SliceKey]) {
        var results: [SliceWindowResult] = []
        var present: [SliceKey] = []
        func evaluate(_ fold: inout SliceFold) throws(EvaluationError) {
            present.append(fold.slice)
            guard !skip(fold.slice, fold.fingerprint.value) else { return }
            results.append(try fold.result(start: start, end: end, partial: partial, evaluatedAt: evaluatedAt))
        }
        for name in versions.keys.sorted() { try evaluate(&versions[name]!) }
        for index in segments.indices { try segments[index].updateFolds { fold throws(EvaluationError) in try evaluate(&fold) } }
        return (results, present)
    }

    /// Which rows of `chunk` count in the whole model (not marked shadow); nil when all do.
    static func inWhole(_ chunk: WindowData) -> [Bool]? {
        let shadow = chunk.sliceColumns.shadow
        guard shadow.count == chunk.count, shadow.contains(true) else { return nil }
        return shadow.map { !$0 }
    }

    /// The rows of `chunk` of each model version (shadow or not), ascending.
    static func versionRows(_ chunk: WindowData) -> [(name: String, rows: [Int])] {
        let columns = chunk.sliceColumns
        guard columns.versionCodes.count == chunk.count, !columns.versionNames.isEmpty else { return [] }
        var rowsOfVersion = [[Int]](repeating: [], count: columns.versionNames.count)
        for (row, code) in columns.versionCodes.enumerated() where code != WindowSliceColumns.noVersion {
            rowsOfVersion[Int(code)].append(row)
        }
        return columns.versionNames.indices.map { (columns.versionNames[$0], rowsOfVersion[$0]) }
    }
}
