public import DriftStats

extension WindowStatistics {
    /// The statistics with each feature's KS or χ² p-value adjusted for the window's k tests
    /// (STATISTICS.md, "Multiple testing"): `pvalue_adjusted` beside `pvalue`, and, when the drift method
    /// is `ks` or `chi2`, each decision and the drifted-feature share taken from the adjusted values.
    ///
    /// The tests are the features with statistics (not `insufficient_data`); the prediction is not a
    /// feature and is left as it is. Unchanged for ``MultipleTesting/none``.
    public func adjusted(by method: MultipleTesting, threshold: Double?) -> WindowStatistics {
        guard method != .none else { return self }
        let names = features.keys.sorted().filter { name in
            features[name]?.ks != nil || features[name]?.chi2 != nil
        }
        guard !names.isEmpty else { return self }
        let pvalues = names.map { features[$0]?.ks?.pvalue ?? features[$0]?.chi2?.pvalue ?? 1 }
        let adjusted = method.adjust(pvalues)
        var result = self
        for (name, value) in zip(names, adjusted) {
            guard var feature = result.features[name] else { continue }
            feature.ks?.pvalueAdjusted = value
            feature.chi2?.pvalueAdjusted = value
            if feature.drift != nil,
                let decision = Self.pvalueDecision(feature, adjusted: value, method: driftMethod, threshold: threshold)
            {
                feature.drift = decision
            }
            result.features[name] = feature
        }
        var decided = 0
        var drifted = 0
        for feature in result.features.values {
            guard let drift = feature.drift else { continue }
            decided += 1
            if drift { drifted += 1 }
        }
        result.driftedFeatureShare = decided > 0 ? Double(drifted) / Double(decided) : 0
        return result
    }

    /// The decision of a feature by its adjusted p-value when the window's method decides by a p-value:
    /// `ks` on a numeric feature and `chi2` on a categorical one take the configured threshold; the other
    /// test of the pair (χ² standing in for KS on a categorical feature, KS for χ² on a numeric one) takes
    /// its default, as the unadjusted decision does (``DriftMethod``). Nil for the other methods.
    static func pvalueDecision(_ feature: FeatureResult, adjusted: Double, method: DriftMethod, threshold: Double?)
        -> Bool?
    {
        guard method == .ks || method == .chi2 else { return nil }
        let used: DriftMethod = feature.ks != nil ? .ks : .chi2
        let limit = used == method ? (threshold ?? used.defaultThreshold) : used.defaultThreshold
        return used.isDrift(adjusted, threshold: limit)
    }
}
