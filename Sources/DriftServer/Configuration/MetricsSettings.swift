public import DriftAlerting

/// `metrics:` — how much of each model's latest window `/metrics` exports.
///
/// Per model there are at most 4 window gauges (`driftwatch_model_drifted_feature_share`,
/// `_window_events`, `_label_coverage`, `_window_end_timestamp_seconds`) plus one per performance metric
/// (6 for binary, 4 for regression, the macro averages and accuracy for multiclass), and per exported
/// feature at most 6 (`driftwatch_feature_psi`, `_ks_pvalue` or `_chi2_pvalue`, `_jensen_shannon`,
/// `_wasserstein_normed` for numeric features, `_missing_rate`, `_drift`). Only the first
/// ``maxFeatures`` features of a model by name are exported, so a model adds at most
/// 6 × ``maxFeatures`` feature series; with ``featureGauges`` off it adds none.
public struct MetricsSettings: Sendable, Equatable {
    /// `metrics.feature_gauges` (true): export the per-feature gauges at all.
    public var featureGauges: Bool
    /// `metrics.max_features` (100): most features per model with gauges, the first by name.
    public var maxFeatures: Int
    /// `metrics.slice_gauges` (`none`): which slices of every model get model-level gauges with a `slice`
    /// label (`none` is ``AlertSliceScope/whole``), besides the slices that alert rules watch.
    public var sliceGauges: AlertSliceScope
    /// `metrics.max_slices` (50): most slices per model with gauges, the first by name.
    public var maxSlices: Int

    public init(featureGauges: Bool = true, maxFeatures: Int = 100, sliceGauges: AlertSliceScope = .whole, maxSlices: Int = 50) {
        self.featureGauges = featureGauges
        self.maxFeatures = maxFeatures
        self.sliceGauges = sliceGauges
        self.maxSlices = maxSlices
    }

    /// The YAML form.
    struct File: Decodable {
        var feature_gauges: Bool?
        var max_features: Int?
        var slice_gauges: String?
        var max_slices: Int?
    }

    /// `none`, `versions`, `segments` or `all` as a scope.
    static func sliceScope(_ text: String, source: String) throws(ConfigurationError) -> AlertSliceScope {
        switch text {
        case "none": return .whole
        case "versions", "segments", "all": return AlertSliceScope(rawValue: text)!
        default:
            throw ConfigurationError(
                "\(source): metrics.slice_gauges must be none, versions, segments or all, not '\(text.prefix(64))'")
        }
    }

    /// Checks the ranges.
    func validate(source: String) throws(ConfigurationError) {
        guard (0...100_000).contains(maxFeatures) else {
            throw ConfigurationError("\(source): metrics.max_features must be between 0 and 100000, not \(maxFeatures)")
        }
        guard (0...10_000).contains(maxSlices) else {
            throw ConfigurationError("\(source): metrics.max_slices must be between 0 and 10000, not \(maxSlices)")
        }
    }
}
