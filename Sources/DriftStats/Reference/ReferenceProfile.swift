/// A prepared reference feature of either type.
public enum FeatureReference: Sendable, Codable, Equatable {
    case numeric(NumericReference)
    case categorical(CategoricalReference)

    /// The feature type's name as used in the API: `numeric` or `categorical`.
    public var typeName: String {
        switch self {
        case .numeric: "numeric"
        case .categorical: "categorical"
        }
    }
}

/// A model's reference data prepared once — sorted values and bin edges per numeric feature, category
/// counts per categorical one — so that each window is compared in O(m) plus a bucket sort. Codable so
/// that the store can persist it and rebuild it without the raw reference rows.
public struct ReferenceProfile: Sendable, Codable, Equatable {
    /// Feature name → prepared reference, in the reference's column order.
    public var features: [String: FeatureReference]
    /// Feature names in the reference's column order.
    public var featureOrder: [String]
    /// Number of reference rows.
    public var rowCount: Int
    /// The reference's predictions, compared with each window's for prediction drift.
    public var prediction: FeatureReference?
    /// The calibration of the reference's scores for estimated performance (CBPE), fitted on its labelled,
    /// scored rows. Absent for a reference without scores or labels, for another task than binary, and
    /// in profiles stored before estimated performance existed (they decode without it).
    public var calibration: ScoreCalibration?

    public init(
        features: [(name: String, reference: FeatureReference)], rowCount: Int, prediction: FeatureReference? = nil,
        calibration: ScoreCalibration? = nil
    ) {
        self.features = Dictionary(features.map { ($0.name, $0.reference) }, uniquingKeysWith: { _, last in last })
        featureOrder = features.map(\.name)
        self.rowCount = rowCount
        self.prediction = prediction
        self.calibration = calibration
    }

    private enum CodingKeys: String, CodingKey {
        case features, prediction, calibration
        case featureOrder = "feature_order"
        case rowCount = "row_count"
    }
}
