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

    public init(featureGauges: Bool = true, maxFeatures: Int = 100) {
        self.featureGauges = featureGauges
        self.maxFeatures = maxFeatures
    }

    /// The YAML form.
    struct File: Decodable {
        var feature_gauges: Bool?
        var max_features: Int?
    }

    /// Checks the ranges.
    func validate(source: String) throws(ConfigurationError) {
        guard (0...100_000).contains(maxFeatures) else {
            throw ConfigurationError("\(source): metrics.max_features must be between 0 and 100000, not \(maxFeatures)")
        }
    }
}
