import DriftCore
import DriftStats

/// The slices of one segment key (API.md, "Slices") in a streamed window pass: each row not marked
/// shadow goes by its value of the key — the category of a categorical feature of the schema, else the
/// tag — to that value's slice, or to `KEY:__missing__` when it has none.
///
/// Which values keep a slice of their own (the `max_segment_values` most frequent, ties by value) is known
/// only once the window is read, so the first read counts every value and folds each into its own slice;
/// values that end up pooled into `KEY:__other__` are folded into it by a second read
/// (``needsPooledRead``). So that memory stays bounded by the configuration, at most ``valueLimit``
/// values are folded one by one: past that, the first read only counts, and the second read folds the
/// kept values too.
struct SegmentFolds: Sendable {
    /// The segment key.
    let key: String
    /// Whether the key is a categorical feature of the schema (else a tag key).
    let isFeature: Bool
    let maxValues: Int
    /// The most values folded one by one during the first read.
    let valueLimit: Int
    /// Every value seen, by first appearance, with its code and count.
    private var names: [String] = []
    private var codeOf: [String: Int] = [:]
    private var counts: [Int] = []
    /// The folds of the values (by code) while they are folded one by one; empty once too many values came.
    private var valueFolds: [SliceFold] = []
    private var overflowed = false
    private var missing: SliceFold?
    /// After ``finishCounting(references:)``: the kept values' codes and the pooled slice.
    private var kept: [Int: Int] = [:]
    private var keptFolds: [SliceFold] = []
    private var other: SliceFold?
    /// Whether ``takeFolds()`` took an `__other__` slice (``putFolds(_:)`` puts it back in its place).
    private var otherTaken = false

    init(key: String, schema: ModelSchema, maxValues: Int) {
        self.key = key
        isFeature = schema.type(of: key) == .categorical
        self.maxValues = maxValues
        valueLimit = maxValues + 16
    }

    /// The key's folding reset, its states released (a pass drops a family it evaluates later, and the
    /// states of a family it finished).
    func emptied() -> SegmentFolds {
        SegmentFolds(key: key, isFeature: isFeature, maxValues: maxValues)
    }

    private init(key: String, isFeature: Bool, maxValues: Int) {
        self.key = key
        self.isFeature = isFeature
        self.maxValues = maxValues
        valueLimit = maxValues + 16
    }

    /// Each non-shadow row's value code (nil: the row is shadow; -1: no value), new values coded as met.
    private mutating func codes(of chunk: WindowData, inWhole: [Bool]?) -> [Int?] {
        var codes = [Int?](repeating: -1, count: chunk.count)
        if let inWhole { for row in codes.indices where !inWhole[row] { codes[row] = nil } }
        if isFeature {
            guard let column = chunk.column(named: key), case .categorical(let categorical) = column else {
                return codes
            }
            let global = categorical.categories.map { code(of: $0) }
            for (row, local) in categorical.codes.enumerated()
            where codes[row] != nil && local != CategoricalColumn.missingCode {
                codes[row] = global[Int(local)]
            }
        } else {
            let tags = chunk.sliceColumns.tags
            for row in tags.indices where codes[row] != nil {
                guard let value = tags[row].first(where: { $0.key == key })?.value else { continue }
                codes[row] = code(of: value)
            }
        }
        return codes
    }

    private mutating func code(of name: String) -> Int {
        if let code = codeOf[name] { return code }
        let code = names.count
        codeOf[name] = code
        names.append(name)
        counts.append(0)
        return code
    }

    /// The first read: counts each value and folds the rows of `chunk` into their value's slice (or
    /// `__missing__`). `inWhole` marks the rows not marked shadow (nil: all).
    ///
    /// - Parameters:
    ///   - newStateBytes: at most how many bytes a new state holds after its first rows.
    ///   - admit: asked, before anything is counted or folded, whether the key's states may grow by that
    ///     many bytes (``SliceFold/bytes(afterAdding:)``); when it answers false nothing is counted or
    ///     folded and false is returned (the caller then leaves the key for a later read).
    /// - Returns: whether the chunk was folded.
    mutating func fold(
        _ chunk: WindowData, inWhole: [Bool]?, references: SliceEvaluator, newStateBytes: (_ rows: Int) -> Int,
        admit: (_ growth: Int) -> Bool
    ) throws(EvaluationError) -> Bool {
        let codes = codes(of: chunk, inWhole: inWhole)
        var rowsOfCode: [Int: [Int]] = [:]
        var missingRows: [Int] = []
        for (row, code) in codes.enumerated() {
            guard let code else { continue }
            if code < 0 { missingRows.append(row) } else { rowsOfCode[code, default: []].append(row) }
        }
        let overflows = overflowed || names.count > valueLimit
        func growth(_ fold: SliceFold?, rows: Int) -> Int {
            guard rows > 0 else { return 0 }
            guard let fold else { return newStateBytes(rows) }
            return fold.bytes(afterAdding: rows) - fold.bytes
        }
        var grows = growth(missing, rows: missingRows.count)
        if !overflows {
            for (code, rows) in rowsOfCode {
                grows += growth(code < valueFolds.count ? valueFolds[code] : nil, rows: rows.count)
            }
        }
        if grows > 0 && !admit(grows) { return false }
        for (code, rows) in rowsOfCode { counts[code] += rows.count }
        if !missingRows.isEmpty {
            if missing == nil { missing = try SliceFold(slice: .segment(key, SliceKey.missingValue), references: references) }
            missing?.add(chunk, rows: missingRows)
        }
        if !overflowed && names.count > valueLimit {
            overflowed = true
            valueFolds = []
        }
        guard !overflowed else { return true }
        while valueFolds.count < names.count {
            valueFolds.append(try SliceFold(slice: .segment(key, names[valueFolds.count]), references: references))
        }
        SliceFold.add(chunk, to: &valueFolds, rows: rowsOfCode.map { ($0.key, $0.value) })
        return true
    }

    /// The codes of the values present, and of the `maxValues` most frequent of them (ties by value), by value.
    private func mostFrequent() -> (present: [Int], kept: [Int]) {
        let present = names.indices.filter { counts[$0] > 0 }
        let kept = present.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : names[$0] < names[$1] }
            .prefix(maxValues).sorted { names[$0] < names[$1] }
        return (present, Array(kept))
    }

    /// Decides the kept values from the counts, after the first read.
    mutating func finishCounting(references: SliceEvaluator) throws(EvaluationError) {
        let (present, keptCodes) = mostFrequent()
        for code in keptCodes {
            kept[code] = keptFolds.count
            keptFolds.append(
                overflowed ? try SliceFold(slice: .segment(key, names[code]), references: references) : valueFolds[code])
        }
        valueFolds = []
        if present.count > keptCodes.count {
            other = try SliceFold(slice: .segment(key, SliceKey.otherValue), references: references)
        }
    }

    /// Folds the rows of `chunk` stored since the key's slices were evaluated (an incremental pass, after
    /// ``finishCounting(references:)``) into the slices they belong to: a kept value's, `__other__`,
    /// `__missing__` (made on their first row). Every value is counted too, for ``keptValuesHold``.
    mutating func foldArrived(_ chunk: WindowData, inWhole: [Bool]?, references: SliceEvaluator)
        throws(EvaluationError)
    {
        let (keptRows, otherRows, missingRows) = route(chunk, inWhole: inWhole, counting: true)
        if !missingRows.isEmpty && missing == nil {
            missing = try SliceFold(slice: .segment(key, SliceKey.missingValue), references: references)
        }
        missing?.add(chunk, rows: missingRows)
        if !otherRows.isEmpty && other == nil {
            other = try SliceFold(slice: .segment(key, SliceKey.otherValue), references: references)
        }
        other?.add(chunk, rows: otherRows)
        SliceFold.add(chunk, to: &keptFolds, rows: keptRows.map { ($0.key, $0.value) })
    }

    /// Whether the values with a slice of their own are still the most frequent ones after
    /// ``foldArrived(_:inWhole:references:)``; when not, the key's slices are rebuilt from every row.
    var keptValuesHold: Bool { Set(mostFrequent().kept) == Set(kept.keys) }

    /// The estimated bytes of the states the key holds now (``SliceFold/bytes``).
    var liveBytes: Int {
        (valueFolds + keptFolds + [other, missing].compactMap { $0 }).reduce(0) { $0 + $1.bytes }
    }

    /// Whether a second read must fold the pooled values (and, past ``valueLimit``, the kept ones).
    var needsPooledRead: Bool { other != nil || (overflowed && !keptFolds.isEmpty) }

    /// The second read: folds the rows of `chunk` into `__other__` (and into the kept values' slices when
    /// they were only counted).
    mutating func foldPooled(_ chunk: WindowData, inWhole: [Bool]?) {
        let (keptRows, otherRows, _) = route(chunk, inWhole: inWhole)
        if overflowed { for (index, rows) in keptRows { keptFolds[index].add(chunk, rows: rows) } }
        other?.add(chunk, rows: otherRows)
    }

    /// The rows of `chunk` by final slice: kept value (by fold index), `__other__`, `__missing__`; with
    /// `counting`, each value is counted too.
    private mutating func route(_ chunk: WindowData, inWhole: [Bool]?, counting: Bool = false)
        -> (kept: [Int: [Int]], other: [Int], missing: [Int])
    {
        let codes = codes(of: chunk, inWhole: inWhole)
        var keptRows: [Int: [Int]] = [:]
        var otherRows: [Int] = []
        var missingRows: [Int] = []
        for (row, code) in codes.enumerated() {
            guard let code else { continue }
            if code < 0 {
                missingRows.append(row)
                continue
            }
            if counting { counts[code] += 1 }
            if let index = kept[code] { keptRows[index, default: []].append(row) } else { otherRows.append(row) }
        }
        return (keptRows, otherRows, missingRows)
    }

    /// Calls `body` on every final fold, in the order of ``folds``, to update it in place.
    mutating func updateFolds(_ body: (inout SliceFold) throws(EvaluationError) -> Void) throws(EvaluationError) {
        for index in keptFolds.indices { try body(&keptFolds[index]) }
        if other != nil { try body(&other!) }
        if missing != nil { try body(&missing!) }
    }

    /// Takes the final folds out, in the order of ``updateFolds(_:)``, leaving the key without them until
    /// ``putFolds(_:)`` puts them back (so that work on them copies none of their state).
    mutating func takeFolds() -> [SliceFold] {
        var folds = keptFolds
        keptFolds = []
        otherTaken = other != nil
        if let other { folds.append(other) }
        if let missing { folds.append(missing) }
        (other, missing) = (nil, nil)
        return folds
    }

    /// Puts back the folds ``takeFolds()`` took, in the same order.
    mutating func putFolds(_ folds: ArraySlice<SliceFold>) {
        keptFolds = Array(folds.prefix(kept.count))
        var rest = folds.dropFirst(kept.count)
        if otherTaken { other = rest.popFirst() }
        missing = rest.popFirst()
    }

    /// The crossing read: hands the rows of `chunk` to the final folds that are gathering.
    mutating func gather(_ chunk: WindowData, inWhole: [Bool]?) {
        let (keptRows, otherRows, missingRows) = route(chunk, inWhole: inWhole)
        for (index, rows) in keptRows { keptFolds[index].gather(chunk, rows: rows) }
        other?.gather(chunk, rows: otherRows)
        missing?.gather(chunk, rows: missingRows)
    }
}

extension SegmentFolds {
    /// Writes the key's counting and its final slices (after ``finishCounting(references:)``): the values
    /// seen with their counts, which values keep a slice, and the kept values', `__other__`'s and
    /// `__missing__`'s states (``KeptSlicesArchive``).
    func archive(into writer: inout ArchiveWriter) {
        writer.string(key)
        writer.count(names.count)
        for (name, count) in zip(names, counts) {
            writer.string(name)
            writer.signed(count)
        }
        writer.bool(overflowed)
        writer.count(keptFolds.count)
        for (code, index) in kept.sorted(by: { $0.value < $1.value }) {
            writer.signed(code)
            KeptSlicesArchive.write(keptFolds[index], into: &writer)
        }
        for fold in [other, missing] {
            writer.bool(fold != nil)
            if let fold { KeptSlicesArchive.write(fold, into: &writer) }
        }
    }

    /// Reads the key's slices written by ``archive(into:)`` for segment key `key` of `schema`.
    init(
        key: String, schema: ModelSchema, maxValues: Int, references: SliceEvaluator,
        unarchiving reader: inout ArchiveReader
    ) throws(StateArchiveError) {
        self.init(key: key, schema: schema, maxValues: maxValues)
        guard try reader.string() == key else {
            throw StateArchiveError(.corrupt, "the segment keys differ from the settings'")
        }
        let valueCount = try reader.count(limit: reader.remaining)
        for _ in 0..<valueCount {
            let name = try reader.string()
            guard codeOf[name] == nil else { throw StateArchiveError(.corrupt, "segment value '\(name.prefix(20))' twice") }
            codeOf[name] = names.count
            names.append(name)
            counts.append(try reader.nonNegative("a segment value's count"))
        }
        overflowed = try reader.bool()
        let keptCount = try reader.count(limit: valueCount)
        for index in 0..<keptCount {
            let code = try reader.nonNegative("a kept value's code")
            guard code < names.count, kept[code] == nil else {
                throw StateArchiveError(.corrupt, "a kept segment value out of range")
            }
            kept[code] = index
            keptFolds.append(
                try KeptSlicesArchive.readFold(.segment(key, names[code]), references: references, from: &reader))
        }
        if try reader.bool() {
            other = try KeptSlicesArchive.readFold(.segment(key, SliceKey.otherValue), references: references, from: &reader)
        }
        if try reader.bool() {
            missing = try KeptSlicesArchive.readFold(
                .segment(key, SliceKey.missingValue), references: references, from: &reader)
        }
    }
}
