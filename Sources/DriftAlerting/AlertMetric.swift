/// The metrics a rule can watch (API.md, "Alert rules"), spelled as in the rule files.
public enum AlertMetric: String, CaseIterable, Hashable, Sendable {
    case psi
    case ksPValue = "ks_pvalue"
    case ksStatistic = "ks_statistic"
    case chi2PValue = "chi2_pvalue"
    case jensenShannon = "jensen_shannon"
    case wassersteinNormed = "wasserstein_normed"
    case missingRate = "missing_rate"
    case volume
    case accuracy
    case precision
    case recall
    case f1
    case rocAUC = "roc_auc"
    case mae
    case rmse
    case driftedFeatureShare = "drifted_feature_share"
    case estimatedAccuracy = "estimated_accuracy"
    case estimatedPrecision = "estimated_precision"
    case estimatedRecall = "estimated_recall"
    case estimatedF1 = "estimated_f1"
    case estimatedROCAUC = "estimated_roc_auc"
    /// Serving latency percentiles of the window's events, in milliseconds (API.md, "Serving metrics").
    case latencyP50 = "latency_p50"
    case latencyP90 = "latency_p90"
    case latencyP99 = "latency_p99"
    /// Events per second of the window: its events over its length.
    case throughputPerSecond = "throughput_per_second"

    /// What one value of the metric describes.
    public enum Scope: Sendable {
        /// One value per feature per window: the rule has a feature glob (`*` when omitted).
        case feature
        /// One value per model per window: the rule must not have a feature glob.
        case model
    }

    /// Drift statistics and `missing_rate` are per feature; volume, performance,
    /// `drifted_feature_share`, latency and throughput are per model.
    public var scope: Scope {
        switch self {
        case .psi, .ksPValue, .ksStatistic, .chi2PValue, .jensenShannon, .wassersteinNormed, .missingRate: .feature
        case .volume, .accuracy, .precision, .recall, .f1, .rocAUC, .mae, .rmse, .driftedFeatureShare,
            .estimatedAccuracy, .estimatedPrecision, .estimatedRecall, .estimatedF1, .estimatedROCAUC, .latencyP50,
            .latencyP90, .latencyP99, .throughputPerSecond:
            .model
        }
    }

    /// Whether the metric is a performance metric, realised on labelled events or estimated without
    /// labels (and so may have a reference baseline).
    public var isPerformance: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .rocAUC, .mae, .rmse: true
        default: estimated != nil
        }
    }

    /// For an estimated metric (CBPE, `estimated_performance` of a window), the realised metric it
    /// estimates — whose value on the reference is its `baseline: reference`; nil for other metrics.
    public var estimated: AlertMetric? {
        switch self {
        case .estimatedAccuracy: .accuracy
        case .estimatedPrecision: .precision
        case .estimatedRecall: .recall
        case .estimatedF1: .f1
        case .estimatedROCAUC: .rocAUC
        default: nil
        }
    }
}
