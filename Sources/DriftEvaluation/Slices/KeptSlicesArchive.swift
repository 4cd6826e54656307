import DriftCore
import DriftStats

/// The binary layout of a window's ``KeptSlices``, saved beside the whole model's state (under the slice
/// name ``storedSlice``) so that a restart or another replica continues a sliced window from the rows
/// stored since instead of routing every row again.
///
/// Layout (the ``WindowStateArchive`` conventions):
///
///     magic "DWSL" · format version (u32) · sequence (i64) · label sequence (i64)
///     version count · per version: slice
///     segment key count · per key (in the settings' order): key · values with counts · overflowed ·
///     kept slices (value code · slice) · `__other__`: present (u8) · slice · `__missing__`: present (u8) · slice
///
/// where a slice is its name, the fingerprint of its reference (``ReferenceProfile/stateFingerprint``), its
/// rows' fingerprint and its accumulator. Decoding checks each slice against the reference it is decoded
/// for and throws ``StateArchiveError`` on any mismatch, damage or truncation.
enum KeptSlicesArchive {
    /// "DWSL".
    static let magic: UInt32 = 0x4C53_5744
    /// Raised whenever the layout changes.
    static let formatVersion: UInt32 = 3
    /// The `slice` the store keeps the archive under: not a `KEY:VALUE` name, so never a slice's own.
    static let storedSlice = "*"

    /// The archive of `slices`, folded up to `sequence` and `labelSequence`.
    static func encode(_ slices: KeptSlices, sequence: Int64, labelSequence: Int64) -> [UInt8] {
        var writer = ArchiveWriter()
        writer.uint32(magic)
        writer.uint32(formatVersion)
        writer.int64(sequence)
        writer.int64(labelSequence)
        writer.count(slices.versions.count)
        for name in slices.versions.keys.sorted() {
            if let fold = slices.versions[name] { write(fold, into: &writer) }
        }
        writer.count(slices.segments.count)
        for segment in slices.segments { segment.archive(into: &writer) }
        return writer.bytes
    }

    /// Decodes slices written by ``encode(_:sequence:labelSequence:)`` against `references` with the
    /// segment keys of `settings`.
    /// - Throws: ``StateArchiveError`` when the bytes are not slices of this format, were folded up to
    ///   another position than (`sequence`, `labelSequence`), or against other references, or are damaged.
    static func decode(
        _ bytes: [UInt8], references: SliceEvaluator, settings: EvaluationSettings, sequence: Int64,
        labelSequence: Int64
    ) throws(StateArchiveError) -> KeptSlices {
        var reader = ArchiveReader(bytes)
        guard try reader.uint32() == magic else {
            throw StateArchiveError(.unsupportedFormat, "the bytes are not a window's slices")
        }
        let version = try reader.uint32()
        guard version == formatVersion else {
            throw StateArchiveError(.unsupportedFormat, "format version \(version); this build reads \(formatVersion)")
        }
        guard try reader.int64() == sequence, try reader.int64() == labelSequence else {
            throw StateArchiveError(.otherReference, "the slices were saved at another position than the window's state")
        }
        var versions: [String: SliceFold] = [:]
        for _ in 0..<(try reader.count(limit: reader.remaining)) {
            let name = try reader.string()
            guard versions[name] == nil else { throw StateArchiveError(.corrupt, "version '\(name.prefix(20))' twice") }
            versions[name] = try readFold(named: name, as: .version(name), references: references, from: &reader)
        }
        try reader.length(expected: settings.segments.keys.count, of: "the segment keys")
        var segments: [SegmentFolds] = []
        for key in settings.segments.keys {
            segments.append(
                try SegmentFolds(
                    key: key, schema: references.base.schema, maxValues: settings.segments.maxValues,
                    references: references, unarchiving: &reader))
        }
        guard reader.isAtEnd else { throw StateArchiveError(.corrupt, "\(reader.remaining) bytes follow the slices") }
        return KeptSlices(versions: versions, segments: segments)
    }

    /// Writes one slice: its name, its reference's fingerprint, its rows' fingerprint and its accumulator.
    static func write(_ fold: SliceFold, into writer: inout ArchiveWriter) {
        writer.string(fold.slice.value)
        writer.uint64(fold.evaluator.profile.stateFingerprint)
        let parts = fold.fingerprint.parts
        writer.uint64(parts.sum)
        writer.uint64(parts.rows)
        fold.accumulator.archive(into: &writer)
    }

    /// Reads one slice written by ``write(_:into:)`` as `slice`.
    static func readFold(_ slice: SliceKey, references: SliceEvaluator, from reader: inout ArchiveReader)
        throws(StateArchiveError) -> SliceFold
    {
        try readFold(named: try reader.string(), as: slice, references: references, from: &reader)
    }

    private static func readFold(
        named name: String, as slice: SliceKey, references: SliceEvaluator, from reader: inout ArchiveReader
    ) throws(StateArchiveError) -> SliceFold {
        guard name == slice.value else { throw StateArchiveError(.corrupt, "slice '\(name.prefix(40))' out of place") }
        var fold: SliceFold
        do {
            fold = try SliceFold(slice: slice, references: references)
        } catch {
            throw StateArchiveError(.otherReference, "the reference of slice \(slice) cannot be prepared: \(error.message)")
        }
        let evaluator = fold.evaluator
        guard try reader.uint64() == evaluator.profile.stateFingerprint else {
            throw StateArchiveError(.otherReference, "slice \(slice) was folded against another reference")
        }
        let sum = try reader.uint64()
        let rows = try reader.uint64()
        fold.fingerprint = SliceFingerprint(settings: evaluator.settings, parts: (sum, rows))
        fold.accumulator = try WindowAccumulator(
            profile: evaluator.profile, schema: evaluator.schema, settings: evaluator.settings, unarchiving: &reader)
        return fold
    }
}
