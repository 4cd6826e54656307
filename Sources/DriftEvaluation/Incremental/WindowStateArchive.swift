public import DriftCore
public import DriftStats

/// The binary layout of a ``WindowState``, so that a restart or another replica sharing the store folds
/// only the rows that arrived since the state was saved instead of rebuilding it from the whole window.
///
/// Layout (little-endian; counts are LEB128 varints, signed values zigzag varints):
///
///     magic "DWWS" · format version (u32) · reference fingerprint (u64) · reference version
///     settings (window, min_samples, lateness, horizon, drift method, threshold, segments, multiple testing)
///     sequence (i64) · label sequence (i64) · sliced rows
///     rows · labelled · feature count · per feature: present (u8) · kept budget · kind (u8: 1 dense, 2 categorical, 3 sparse numeric) · fold ·
///     mismatched counts
///     prediction: present (u8) · fold · performance (task tag · counts · exact sums · score column)
///     estimate: present (u8) · distinct quantised probabilities (ascending, as varint gaps) · their
///     multiplicities (varints) · predicted positives' sum (two u64) · predicted positives · predicted
///     negatives · latencies (bit patterns; ascending columns as varint gaps)
///
/// Each fold writes its fields one by one (``NumericFold/archive(into:)`` and the others); decoding
/// checks every length against the reference it is decoded for (feature order, breakpoints, categories,
/// and the ``ReferenceProfile/stateFingerprint``) and throws ``StateArchiveError`` on any mismatch,
/// damage or truncation.
public enum WindowStateArchive {
    /// "DWWS".
    static let magic: UInt32 = 0x5357_5744
    /// Raised whenever the layout changes: a state of another version is rebuilt, never misread.
    public static let formatVersion: UInt32 = 4

    /// The archive of `state`.
    public static func encode(_ state: WindowState) -> [UInt8] {
        var writer = ArchiveWriter()
        writer.uint32(magic)
        writer.uint32(formatVersion)
        writer.uint64(state.accumulator.profile.stateFingerprint)
        writer.signed(state.referenceVersion)
        writeSettings(state.settings, into: &writer)
        writer.int64(state.sequence)
        writer.int64(state.labelSequence)
        writer.signed(state.slicedRows)
        state.accumulator.archive(into: &writer)
        return writer.bytes
    }

    /// Decodes a state written by ``encode(_:)`` for windows of `schema` against `profile` (reference
    /// `referenceVersion`). The settings are the archived ones: the caller compares them with its own.
    /// - Throws: ``StateArchiveError`` when the bytes are not a state of this format, of this reference,
    ///   or are cut short or damaged.
    public static func decode(
        _ bytes: [UInt8], profile: ReferenceProfile, schema: ModelSchema, referenceVersion: Int
    ) throws(StateArchiveError) -> WindowState {
        var reader = ArchiveReader(bytes)
        guard try reader.uint32() == magic else {
            throw StateArchiveError(.unsupportedFormat, "the bytes are not a window state")
        }
        let version = try reader.uint32()
        guard version == formatVersion else {
            throw StateArchiveError(.unsupportedFormat, "format version \(version); this build reads \(formatVersion)")
        }
        guard try reader.uint64() == profile.stateFingerprint else {
            throw StateArchiveError(.otherReference, "the state was folded against another reference")
        }
        let archivedVersion = try reader.signed()
        guard archivedVersion == referenceVersion else {
            throw StateArchiveError(
                .otherReference, "the state is of reference version \(archivedVersion), not \(referenceVersion)")
        }
        let settings = try readSettings(&reader)
        let sequence = try reader.int64()
        let labelSequence = try reader.int64()
        let slicedRows = try reader.nonNegative("the sliced rows")
        let accumulator = try WindowAccumulator(
            profile: profile, schema: schema, settings: settings, unarchiving: &reader)
        guard reader.isAtEnd else {
            throw StateArchiveError(.corrupt, "\(reader.remaining) bytes follow the state")
        }
        var state = WindowState(
            referenceVersion: referenceVersion, settings: settings, accumulator: accumulator, sequence: sequence,
            labelSequence: labelSequence)
        state.slicedRows = slicedRows
        return state
    }

    /// A digest of `settings` as the archive writes them (hexadecimal), stored beside a state so that a
    /// reader with other settings knows it is stale without decoding it.
    public static func settingsFingerprint(_ settings: EvaluationSettings) -> String {
        var writer = ArchiveWriter()
        writeSettings(settings, into: &writer)
        let digest = stateDigest(writer.bytes)
        let hex = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func writeSettings(_ settings: EvaluationSettings, into writer: inout ArchiveWriter) {
        writer.int64(settings.windowMilliseconds)
        writer.signed(settings.minSamples)
        writer.int64(settings.allowedLatenessMilliseconds)
        writer.int64(settings.latenessHorizonMilliseconds)
        writer.string(settings.driftMethod.rawValue)
        writer.bool(settings.driftThreshold != nil)
        if let threshold = settings.driftThreshold { writer.double(threshold) }
        writer.count(settings.segments.keys.count)
        for key in settings.segments.keys { writer.string(key) }
        writer.signed(settings.segments.maxValues)
        writer.string(settings.multipleTesting.rawValue)
    }

    private static func readSettings(_ reader: inout ArchiveReader) throws(StateArchiveError) -> EvaluationSettings {
        let window = try reader.int64()
        let minSamples = try reader.signed()
        let lateness = try reader.int64()
        let horizon = try reader.int64()
        let methodName = try reader.string()
        guard let method = DriftMethod(rawValue: methodName) else {
            throw StateArchiveError(.corrupt, "unknown drift method '\(methodName.prefix(20))'")
        }
        let threshold = try reader.bool() ? try reader.double() : nil
        var settings = EvaluationSettings(
            windowMilliseconds: window, minSamples: minSamples, allowedLatenessMilliseconds: lateness,
            latenessHorizonMilliseconds: horizon, driftMethod: method, driftThreshold: threshold)
        let keyCount = try reader.count(limit: reader.remaining)
        var keys: [String] = []
        for _ in 0..<keyCount { keys.append(try reader.string()) }
        settings.segments = SegmentSettings(keys: keys, maxValues: try reader.signed())
        let testingName = try reader.string()
        guard let testing = MultipleTesting(rawValue: testingName) else {
            throw StateArchiveError(.corrupt, "unknown multiple-testing method '\(testingName.prefix(20))'")
        }
        settings.multipleTesting = testing
        return settings
    }
}

extension WindowAccumulator {
    /// Writes the rows, every feature's fold in ``ReferenceProfile/featureOrder``, the prediction's, the
    /// performance and estimate folds and the latencies.
    func archive(into writer: inout ArchiveWriter) {
        writer.signed(count)
        writer.signed(labelled)
        writer.count(features.count)
        for fold in features {
            writer.bool(fold != nil)
            fold?.archive(into: &writer)
        }
        writer.bool(prediction != nil)
        prediction?.archive(into: &writer)
        performance.archive(into: &writer)
        writer.bool(estimate != nil)
        estimate?.archive(into: &writer)
        // Latencies are finite and ≥ 0, so their bit patterns sort as they do.
        writer.words(latencies.ascending().map(\.bitPattern))
    }

    /// Reads an accumulator written by ``archive(into:)`` for windows of `schema` against `profile`.
    init(
        profile: ReferenceProfile, schema: ModelSchema, settings: EvaluationSettings,
        unarchiving reader: inout ArchiveReader
    ) throws(StateArchiveError) {
        self.init(profile: profile, schema: schema, settings: settings, keptBudget: 0)
        count = try reader.nonNegative("the window's rows")
        labelled = try reader.signed()
        try reader.length(expected: profile.featureOrder.count, of: "the feature list")
        for (index, name) in profile.featureOrder.enumerated() {
            let present = try reader.bool()
            guard present == (profile.features[name] != nil) else {
                throw StateArchiveError(.otherReference, "feature '\(name)' is prepared on one side only")
            }
            if let reference = profile.features[name] {
                features[index] = try FeatureFold(reference: reference, unarchiving: &reader)
            }
        }
        let hasPrediction = try reader.bool()
        guard hasPrediction == (profile.prediction != nil) else {
            throw StateArchiveError(.otherReference, "the prediction is prepared on one side only")
        }
        if let reference = profile.prediction {
            prediction = try FeatureFold(reference: reference, unarchiving: &reader)
        }
        performance = try PerformanceFold(task: Self.performanceTask(schema.task), unarchiving: &reader)
        let hasEstimate = try reader.bool()
        guard hasEstimate == (estimate != nil) else {
            throw StateArchiveError(.otherReference, "the estimated performance is kept on one side only")
        }
        if let calibration = profile.calibration, hasEstimate {
            estimate = try EstimateFold(calibration: calibration, unarchiving: &reader)
        }
        latencies = LatencyFold(values: try reader.words().map(Double.init(bitPattern:)))
    }
}
