public import DriftStats
public import DriftEvaluation
public import DriftCore

/// How one model's windows are evaluated (API.md, "Server configuration", `models:`).
public struct ModelWindowSettings: Sendable, Equatable {
    public var windowMilliseconds: Int64 = 3_600_000
    public var minSamples = 100
    public var allowedLatenessMilliseconds: Int64 = 300_000
    public var driftMethod = DriftMethod.psi
    public var driftThreshold: Double?
    /// Segment keys and their value cap (`segments`, `max_segment_values`; API.md, "Slices").
    public var segments = SegmentSettings()
    /// How a window's feature p-values are adjusted (`evaluation.multiple_testing`, or `multiple_testing`
    /// per model; STATISTICS.md, "Multiple testing").
    public var multipleTesting = MultipleTesting.none

    public init() {}

    /// The YAML shape: every key optional, durations as text.
    struct File: Decodable {
        var window: String?
        var min_samples: Int?
        var allowed_lateness: String?
        var drift_method: String?
        var drift_threshold: Double?
        var segments: [String]?
        var max_segment_values: Int?
        var multiple_testing: String?

        func applied(to base: ModelWindowSettings, key: String) throws(ConfigurationError) -> ModelWindowSettings {
            var settings = base
            if let window {
                guard let value = DurationText.milliseconds(window), value > 0 else {
                    throw ConfigurationError("\(key).window: '\(window)' is not a duration (e.g. 1h, 15m)")
                }
                settings.windowMilliseconds = value
            }
            if let min_samples {
                guard min_samples > 0 else { throw ConfigurationError("\(key).min_samples must be positive") }
                settings.minSamples = min_samples
            }
            if let allowed_lateness {
                guard let value = DurationText.milliseconds(allowed_lateness) else {
                    throw ConfigurationError("\(key).allowed_lateness: '\(allowed_lateness)' is not a duration (e.g. 5m)")
                }
                settings.allowedLatenessMilliseconds = value
            }
            if let drift_method {
                guard let method = DriftMethod(rawValue: drift_method) else {
                    throw ConfigurationError("\(key).drift_method: '\(drift_method)' is not psi, ks, chi2, js or wasserstein")
                }
                settings.driftMethod = method
            }
            if let drift_threshold { settings.driftThreshold = drift_threshold }
            if let segments { settings.segments.keys = segments }
            if let max_segment_values { settings.segments.maxValues = max_segment_values }
            if let problem = settings.segments.problem(at: key) { throw ConfigurationError(problem) }
            if let multiple_testing {
                settings.multipleTesting = try Self.multipleTesting(multiple_testing, key: "\(key).multiple_testing")
            }
            return settings
        }

        /// `none`, `bonferroni` or `bh`.
        static func multipleTesting(_ text: String, key: String) throws(ConfigurationError) -> MultipleTesting {
            guard let method = MultipleTesting(rawValue: text) else {
                throw ConfigurationError(
                    "\(key): '\(text.prefix(64))' is not none, bonferroni or bh (Benjamini–Hochberg)")
            }
            return method
        }
    }
}

extension ModelWindowSettings {
    /// The evaluator's settings for these window settings.
    public var evaluationSettings: EvaluationSettings {
        var settings = EvaluationSettings(
            windowMilliseconds: windowMilliseconds, minSamples: minSamples,
            allowedLatenessMilliseconds: allowedLatenessMilliseconds, driftMethod: driftMethod,
            driftThreshold: driftThreshold)
        settings.segments = segments
        settings.multipleTesting = multipleTesting
        return settings
    }
}

extension ServerConfiguration {
    /// Builds the window evaluator for `store` from `models:` (names that are not model slugs are refused).
    public func makeEvaluationService(store: any StoragePort, now: @escaping @Sendable () -> Int64 = WallClock.system)
        throws -> EvaluationService
    {
        var overrides: [ModelName: EvaluationSettings] = [:]
        for (name, settings) in modelOverrides {
            guard let model = ModelName(name) else {
                throw ConfigurationError("models.\(name): not a model name ([a-z0-9][a-z0-9._-]{0,63})")
            }
            overrides[model] = settings.evaluationSettings
        }
        return try EvaluationService(
            store: store, defaultSettings: modelDefaults.evaluationSettings, modelSettings: overrides, now: now,
            stateSaveIntervalMilliseconds: stateSaveIntervalMilliseconds)
    }
}
