/// How a Kolmogorov–Smirnov p-value was computed.
public enum KSMethod: String, Sendable, Codable, Equatable {
    /// Exact lattice-path counting (max(n, m) ≤ 10000 and no numerical failure).
    case exact
    /// The one-sample Kolmogorov distribution with N = round(n·m/(n+m)).
    case asymptotic
}

/// The result of a two-sample Kolmogorov–Smirnov test.
public struct KSResult: Sendable, Codable, Equatable {
    /// D = sup |F_R − F_C|.
    public var statistic: Double
    /// Two-sided p-value, clipped to [0, 1].
    public var pvalue: Double
    /// Which computation produced `pvalue`.
    public var method: KSMethod
    /// The p-value adjusted for the window's other tests (STATISTICS.md, "Multiple testing"); absent when
    /// no adjustment is configured.
    public var pvalueAdjusted: Double?

    public init(statistic: Double, pvalue: Double, method: KSMethod, pvalueAdjusted: Double? = nil) {
        self.statistic = statistic
        self.pvalue = pvalue
        self.method = method
        self.pvalueAdjusted = pvalueAdjusted
    }

    private enum CodingKeys: String, CodingKey {
        case statistic, pvalue, method
        case pvalueAdjusted = "pvalue_adjusted"
    }
}
