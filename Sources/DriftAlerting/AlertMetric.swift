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

    /// What one value of the metric describes.
    public enum Scope: Sendable {
        /// One value per feature per window: the rule has a feature glob (`*` when omitted).
        case feature
        /// One value per model per window: the rule must not have a feature glob.
        case model
    }

    /// Drift statistics and `missing_rate` are per feature; volume, performance and
    /// `drifted_feature_share` are per model.
    public var scope: Scope {
        switch self {
        case .psi, .ksPValue, .ksStatistic, .chi2PValue, .jensenShannon, .wassersteinNormed, .missingRate: .feature
        case .volume, .accuracy, .precision, .recall, .f1, .rocAUC, .mae, .rmse, .driftedFeatureShare: .model
        }
    }

    /// Whether the metric is measured on labelled events (and so may have a reference baseline).
    public var isPerformance: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .rocAUC, .mae, .rmse: true
        default: false
        }
    }
}
