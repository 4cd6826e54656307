import DriftCore

/// One evaluation pass over a window with slices (API.md, "Slices"), streamed: each chunk of the window's
/// rows, read with its slice columns, goes to the whole model's streaming state (shadow predictions
/// excluded), to its model version's slice, and to its value's slice of each segment key
/// (``SegmentFolds``). Memory is the chunk and the slices' reference-sized states, whatever the window's
/// size.
///
/// The slice families (the versions; each segment key) share one read while their states fit in
/// ``stateBudget``: states are counted at the size they hold (a slice's sparse numeric folds keep its few
/// values, far below a dense fold's reference-sized arrays), and a family whose states could pass the
/// budget with the next chunk is dropped from the read (its states released) before that chunk is folded,
/// and evaluated by a later read, so a pass holds at most the budget — or, when one
/// family alone exceeds it, that family's states — however many slices the configuration asks for. Each group is
/// finished — values pooled into `__other__` folded by one more read when the cap pools any
/// (``SegmentFolds/needsPooledRead``), then one crossing read for every state that needs it
/// (``WindowAccumulator/needsGather``), then its results taken — before the next group's states exist.
/// Every read stops at the first read's sequence number, so all groups see the same rows.
struct SlicePass {
    /// The most bytes of states a read holds at once: those held (``WindowAccumulator/heldBytes``) plus
    /// a bound of what a chunk adds (``SliceFold/bound(held:dense:rows:numericFeatures:)``).
    static let stateBudget = 256 << 20
    /// Rows per chunk of a sliced read: each chunk is split among the slices, and every slice's fold of a
    /// chunk walks its reference's slots once, so larger chunks than the whole model's
    /// (``WindowChunkRead/defaultChunkRows``) keep the slices' share of rows per walk up; 262,144 rows of
    /// 25 features are about 50 MiB, the size of one slice's state against a 100k-row reference.
    static let chunkRows = 262_144

    /// A family of slices folded together.
    enum Family: Equatable {
        case versions
        case segment(Int)
    }

    /// The whole model's reference, settings, and the segment references.
    let references: SliceEvaluator
    let budget: Int
    /// The whole model's state.
    var whole: WindowAccumulator
    var versions: [String: SliceFold] = [:]
    var segments: [SegmentFolds]
    /// The families the current read folds, in order; the first is never dropped.
    var active: [Family] = []
    /// Families dropped from the current read, for a later one.
    var deferred: [Family] = []
    /// Whether the current read folds the whole model too (the first read only).
    var foldsWhole = true
    /// What the pass read.
    var cost = WindowPassCost()
    /// The first read's positions, for the whole model's kept state.
    var sequence: Int64 = 0
    var labelSequence: Int64 = 0
    /// The slices' states after a pass that evaluated every family in one read and holds at most
    /// ``KeptSlices/budget``, for the next pass to continue; nil otherwise.
    var kept: KeptSlices?

    /// A pass whose slices' references `references` chooses. The segment references of the feature keys
    /// are read here, before the window: the store takes no other call while a read streams.
    init(references: SliceEvaluator, budget: Int = SlicePass.stateBudget) throws(EvaluationError) {
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
        self.budget = budget
        whole = references.base.makeAccumulator()
    }

    /// Reads window [start, end) of `model` and evaluates every slice but the whole model, whose state
    /// ``whole`` holds afterwards (crossing values gathered).
    ///
    /// - Parameter skip: whether a slice's stored result already stands for its rows (its fingerprint);
    ///   such slices are left out of the results.
    /// - Returns: the slices' results, versions by name then each key's slices (kept values by value,
    ///   `__other__`, `__missing__`) per group, and every slice present.
    /// - Throws: ``EvaluationError/Code/store`` when the store fails, ``EvaluationError/Code/typeMismatch``.
    mutating func run(
        store: any StoragePort, model: ModelName, start: Int64, end: Int64, partial: Bool, evaluatedAt: Int64,
        skip: (SliceKey, String) -> Bool
    ) throws(EvaluationError) -> (results: [SliceWindowResult], present: [SliceKey]) {
        var pending: [Family] = [.versions] + segments.indices.map { .segment($0) }
        var results: [SliceWindowResult] = []
        var present: [SliceKey] = []
        var first = true
        while first || !pending.isEmpty {
            active = pending
            deferred = []
            foldsWhole = first
            let read = try fold(store: store, model: model, start: start, end: end, upTo: first ? nil : sequence)
            if first {
                (sequence, labelSequence) = (read.sequence, read.labelSequence)
                cost.full = true
                cost.rowsFolded = whole.count
                cost.slicedRows = read.slicedRows
            } else {
                cost.rowsGathered += read.rows
            }
            try foldPooled(store: store, model: model, start: start, end: end)
            try gatherIfNeeded(store: store, model: model, start: start, end: end)
            // Every family in the first read: their states may be kept for the next pass.
            let keeps = first && deferred.isEmpty
            let group = try groupResults(
                start: start, end: end, partial: partial, evaluatedAt: evaluatedAt, release: !keeps, skip: skip)
            if keeps { keepStates() }
            results += group.results
            present += group.present
            pending = deferred
            first = false
        }
        return (results, present)
    }

    /// Folds each version's rows of `chunk` into its slice (made on its first rows), the versions on both
    /// cores at once (``SliceFold/add(_:to:rows:)``).
    mutating func foldVersions(_ chunk: WindowData, _ rowsOfVersions: [(name: String, rows: [Int])])
        throws(EvaluationError)
    {
        let present = rowsOfVersions.filter { !$0.rows.isEmpty }
        // Moved out of the dictionary while they fold, so that folding copies no state.
        var folds: [SliceFold] = []
        for (name, _) in present {
            if let fold = versions.removeValue(forKey: name) {
                folds.append(fold)
            } else {
                folds.append(try SliceFold(slice: .version(name), references: references))
            }
        }
        SliceFold.add(chunk, to: &folds, rows: present.indices.map { ($0, present[$0].rows) })
        for fold in folds { versions[fold.slice.value] = fold }
    }

    /// One read of the window folding the active families (and, on the first read, the whole model).
    private mutating func fold(store: any StoragePort, model: ModelName, start: Int64, end: Int64, upTo: Int64?)
        throws(EvaluationError) -> WindowChunkRead
    {
        var failure: EvaluationError?
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: references.base.referenceVersion,
                upToSequence: upTo, chunkRows: Self.chunkRows, sliceColumns: true
            ) { chunk in
                guard failure == nil else { return }
                do throws(EvaluationError) { try fold(chunk) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        for family in active {
            if case .segment(let index) = family { try segments[index].finishCounting(references: references) }
        }
        return read
    }

    /// The routing of one chunk of a folding read.
    private mutating func fold(_ chunk: WindowData) throws(EvaluationError) {
        let inWhole = Self.inWhole(chunk)
        if foldsWhole {
            if let inWhole {
                whole.add(chunk.rows(inWhole.indices.filter { inWhole[$0] }))
            } else {
                whole.add(chunk)
            }
        }
        var position = 0
        while position < active.count {
            let family = active[position]
            // A family other than the read's first is folded only while the states it would hold after
            // this chunk (bounded by SliceFold.bound) fit in the budget beside the states already held;
            // else it leaves for a later read, its states released.
            let (live, budget, first) = (liveBytes, budget, position == 0)
            let admit = { (growth: Int) in first || live + growth <= budget }
            let newState = newStateBound
            var folded = true
            switch family {
            case .versions:
                let rowsOfVersions = Self.versionRows(chunk)
                let growth = rowsOfVersions.reduce(0) { total, version in
                    guard !version.rows.isEmpty else { return total }
                    guard let fold = versions[version.name] else { return total + newState(version.rows.count) }
                    return total + fold.bytes(afterAdding: version.rows.count) - fold.bytes
                }
                folded = admit(growth)
                if folded { try foldVersions(chunk, rowsOfVersions) }
            case .segment(let index):
                folded = try segments[index].fold(
                    chunk, inWhole: inWhole, references: references, newStateBytes: newState, admit: admit)
            }
            if !folded {
                active.remove(at: position)
                deferred.append(family)
                switch family {
                case .versions: versions = [:]
                case .segment(let index): segments[index] = segments[index].emptied()
                }
            } else {
                position += 1
            }
        }
    }

    /// At most how many bytes a new state holds after its first rows, against the whole model's
    /// reference (an upper bound for a segment's reference too: ``SliceFold/bound(held:dense:rows:numericFeatures:)``).
    private var newStateBound: (_ rows: Int) -> Int {
        let profile = references.base.profile
        let (dense, numeric) = (SliceFold.estimatedBytes(of: profile), SliceFold.numericFeatures(of: profile))
        return { rows in SliceFold.bound(held: 0, dense: dense, rows: rows, numericFeatures: numeric) }
    }

    /// The bytes the states of the current read hold now (``WindowAccumulator/heldBytes``).
    private var liveBytes: Int {
        var bytes = foldsWhole ? whole.heldBytes : 0
        for family in active {
            switch family {
            case .versions: bytes += versions.values.reduce(0) { $0 + $1.bytes }
            case .segment(let index): bytes += segments[index].liveBytes
            }
        }
        return bytes
    }

    /// The read that folds the values pooled into `__other__`, when an active key pools any.
    private mutating func foldPooled(store: any StoragePort, model: ModelName, start: Int64, end: Int64)
        throws(EvaluationError)
    {
        let pooled = active.compactMap { family -> Int? in
            guard case .segment(let index) = family, segments[index].needsPooledRead else { return nil }
            return index
        }
        guard !pooled.isEmpty else { return }
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: references.base.referenceVersion,
                upToSequence: sequence, chunkRows: Self.chunkRows, sliceColumns: true
            ) { chunk in
                let inWhole = Self.inWhole(chunk)
                for index in pooled { segments[index].foldPooled(chunk, inWhole: inWhole) }
            }
        }
        cost.rowsGathered += read.rows
    }

    /// The crossing read, when some state of the group needs it: one read of the features any of them
    /// watches (and the segment keys' feature columns, to route the rows), each chunk routed as before.
    mutating func gatherIfNeeded(store: any StoragePort, model: ModelName, start: Int64, end: Int64)
        throws(EvaluationError)
    {
        var features: Set<String> = []
        let wholeGathers = foldsWhole && whole.needsGather
        if wholeGathers {
            whole.prepareGather()
            features.formUnion(whole.featuresToGather)
        }
        var versionsGather = false
        if active.contains(.versions) {
            for name in versions.keys {
                if let watched = versions[name]?.prepareGather() {
                    features.formUnion(watched)
                    versionsGather = true
                }
            }
        }
        var gatheringSegments: [Int] = []
        for family in active {
            guard case .segment(let index) = family else { continue }
            var any = false
            try segments[index].updateFolds { fold in
                if let watched = fold.prepareGather() {
                    features.formUnion(watched)
                    any = true
                }
            }
            if any {
                gatheringSegments.append(index)
                if segments[index].isFeature { features.insert(segments[index].key) }
            }
        }
        guard wholeGathers || versionsGather || !gatheringSegments.isEmpty else { return }
        let read = try EvaluationError.store { () throws(StoreError) in
            try store.forEachWindowChunk(
                model: model, from: start, to: end, referenceVersion: references.base.referenceVersion,
                upToSequence: sequence, features: features, chunkRows: Self.chunkRows, sliceColumns: true
            ) { chunk in
                let inWhole = Self.inWhole(chunk)
                if wholeGathers {
                    if let inWhole {
                        whole.gather(chunk.rows(inWhole.indices.filter { inWhole[$0] }))
                    } else {
                        whole.gather(chunk)
                    }
                }
                if versionsGather {
                    for (name, rows) in Self.versionRows(chunk) { versions[name]?.gather(chunk, rows: rows) }
                }
                for index in gatheringSegments { segments[index].gather(chunk, inWhole: inWhole) }
            }
        }
        cost.rowsGathered += read.rows
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
