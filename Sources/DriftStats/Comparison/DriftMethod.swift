/// The statistic that decides whether a feature drifted, with its default threshold
/// (STATISTICS.md: PSI ≥ 0.2, KS p < 0.05, χ² p < 0.05, JS ≥ 0.1, normed Wasserstein ≥ 0.1).
public enum DriftMethod: String, Sendable, Codable, CaseIterable, Equatable {
    case psi
    case ks
    case chi2
    case js
    case wasserstein

    /// The default threshold: a distance at or above it, or a p-value below it, means drift.
    public var defaultThreshold: Double {
        switch self {
        case .psi: 0.2
        case .ks, .chi2: 0.05
        case .js, .wasserstein: 0.1
        }
    }

    /// Whether the method's value is a p-value (drift when below the threshold).
    public var isPValue: Bool { self == .ks || self == .chi2 }

    /// Whether `value` of this method's statistic means drift at `threshold`.
    public func isDrift(_ value: Double, threshold: Double? = nil) -> Bool {
        let limit = threshold ?? defaultThreshold
        return isPValue ? value < limit : value >= limit
    }
}

/// A drift decision: which statistic decided, its value, and the verdict.
public struct DriftDecision: Sendable, Codable, Equatable {
    /// The method that was used. It may differ from the one asked for when that one does not apply to
    /// the feature's type (KS on a categorical feature falls back to chi-square and vice versa;
    /// Wasserstein on a categorical feature falls back to Jensen–Shannon).
    public var method: DriftMethod
    /// The value of the deciding statistic.
    public var value: Double
    /// The threshold it was compared with.
    public var threshold: Double
    /// Whether the feature drifted.
    public var drift: Bool
}

extension NumericComparison {
    /// The drift decision by `method` (chi-square does not apply to numeric features: KS decides instead).
    public func decision(by method: DriftMethod, threshold: Double? = nil) -> DriftDecision {
        let used: DriftMethod = method == .chi2 ? .ks : method
        let value: Double =
            switch used {
            case .psi: psi
            case .ks, .chi2: ks.pvalue
            case .js: jensenShannon
            case .wasserstein: wassersteinNormed
            }
        let limit = used == method ? (threshold ?? used.defaultThreshold) : used.defaultThreshold
        return DriftDecision(method: used, value: value, threshold: limit, drift: used.isDrift(value, threshold: limit))
    }
}

extension CategoricalComparison {
    /// The drift decision by `method` (KS becomes chi-square and Wasserstein becomes Jensen–Shannon here).
    public func decision(by method: DriftMethod, threshold: Double? = nil) -> DriftDecision {
        let used: DriftMethod =
            switch method {
            case .ks: .chi2
            case .wasserstein: .js
            default: method
            }
        let value: Double =
            switch used {
            case .psi: psi
            case .ks, .chi2: chiSquare.pvalue
            case .js, .wasserstein: jensenShannon
            }
        let limit = used == method ? (threshold ?? used.defaultThreshold) : used.defaultThreshold
        return DriftDecision(method: used, value: value, threshold: limit, drift: used.isDrift(value, threshold: limit))
    }
}
