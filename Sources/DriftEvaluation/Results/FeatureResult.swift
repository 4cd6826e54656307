public import DriftCore
public import DriftStats

/// What one window reports for one feature (or for the prediction), in the API's snake_case shape.
///
/// A feature with enough values (``EvaluationSettings/minSamples``) carries its statistics:
/// ```json
/// {"type": "numeric", "count": 300, "missing": 12, "missing_rate": 0.04, "psi": 0.05,
///  "ks": {"statistic": 0.06, "pvalue": 0.27, "method": "exact"}, "wasserstein_normed": 0.11,
///  "jensen_shannon": 0.08, "drift": false, "out_of_range_share": 0, "min": -2.9, "max": 3.1, "mean": 0.02}
/// {"type": "categorical", "count": 300, "missing": 0, "missing_rate": 0, "psi": 0.003,
///  "chi2": {"statistic": 0.91, "pvalue": 0.64}, "jensen_shannon": 0.02, "drift": false, "unseen_share": 0}
/// ```
/// One with too few has `"insufficient_data": true` and only its volume and missing values
/// (`type`, `count`, `missing`, `missing_rate`), so that a feature that went missing altogether can
/// still be alerted on. Keys that do not apply are absent, never `null`. The prediction has no `drift`.
public struct FeatureResult: Sendable, Equatable, Codable {
    /// `numeric` or `categorical`, the reference's type.
    public var type: FeatureType
    /// Rows in the window, missing values included.
    public var count: Int
    /// Rows whose value is missing (null, absent, NaN, ±∞, or not of the feature's type).
    public var missing: Int
    /// `true` when fewer than `min_samples` values are usable: no statistics then. Absent otherwise.
    public var insufficientData: Bool?
    /// missing / count; absent for an empty window.
    public var missingRate: Double?
    /// Population Stability Index against the reference bins (numeric) or categories (categorical).
    public var psi: Double?
    /// Two-sample Kolmogorov–Smirnov test (numeric only).
    public var ks: KSResult?
    /// Chi-square goodness of fit against the reference proportions (categorical only).
    public var chi2: ChiSquareSummary?
    /// Wasserstein-1 divided by max(σ_R, 0.001) (numeric only).
    public var wassersteinNormed: Double?
    /// Jensen–Shannon distance of the bin or category proportions.
    public var jensenShannon: Double?
    /// The drift decision by the window's drift method (absent for the prediction).
    public var drift: Bool?
    /// Share of the usable values outside the reference's [min, max] (numeric only).
    public var outOfRangeShare: Double?
    /// Share of the usable values whose category the reference never saw (categorical only).
    public var unseenShare: Double?
    /// Smallest, largest and mean usable value (numeric only).
    public var min: Double?
    public var max: Double?
    public var mean: Double?

    public init(
        type: FeatureType, count: Int, missing: Int, insufficientData: Bool? = nil, missingRate: Double? = nil,
        psi: Double? = nil, ks: KSResult? = nil, chi2: ChiSquareSummary? = nil, wassersteinNormed: Double? = nil,
        jensenShannon: Double? = nil, drift: Bool? = nil, outOfRangeShare: Double? = nil,
        unseenShare: Double? = nil, min: Double? = nil, max: Double? = nil, mean: Double? = nil
    ) {
        self.type = type
        self.count = count
        self.missing = missing
        self.insufficientData = insufficientData
        self.missingRate = missingRate
        self.psi = psi
        self.ks = ks
        self.chi2 = chi2
        self.wassersteinNormed = wassersteinNormed
        self.jensenShannon = jensenShannon
        self.drift = drift
        self.outOfRangeShare = outOfRangeShare
        self.unseenShare = unseenShare
        self.min = min
        self.max = max
        self.mean = mean
    }

    enum CodingKeys: String, CodingKey {
        case type, count, missing
        case insufficientData = "insufficient_data"
        case missingRate = "missing_rate"
        case psi, ks, chi2
        case wassersteinNormed = "wasserstein_normed"
        case jensenShannon = "jensen_shannon"
        case drift
        case outOfRangeShare = "out_of_range_share"
        case unseenShare = "unseen_share"
        case min, max, mean
    }

    /// Whether the feature has statistics (and, for a feature, a drift decision).
    public var isSufficient: Bool { insufficientData != true }
}

/// The chi-square test as the API reports it: `{"statistic": …, "pvalue": …}`.
public struct ChiSquareSummary: Sendable, Equatable, Codable {
    /// χ² = Σ (observed − expected)² / expected.
    public var statistic: Double
    /// Upper tail of χ² with k − 1 degrees of freedom.
    public var pvalue: Double
    /// The p-value adjusted for the window's other tests (STATISTICS.md, "Multiple testing"); absent when
    /// no adjustment is configured.
    public var pvalueAdjusted: Double?

    public init(statistic: Double, pvalue: Double, pvalueAdjusted: Double? = nil) {
        self.statistic = statistic
        self.pvalue = pvalue
        self.pvalueAdjusted = pvalueAdjusted
    }

    private enum CodingKeys: String, CodingKey {
        case statistic, pvalue
        case pvalueAdjusted = "pvalue_adjusted"
    }

    public init(_ result: ChiSquareResult) {
        self.init(statistic: result.statistic, pvalue: result.pvalue)
    }
}
