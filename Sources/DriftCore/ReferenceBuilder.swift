public import DriftStats

/// Turns a reference table into a model schema and a prepared ``ReferenceProfile``.
///
/// Columns named `prediction`, `label` and `score` are recognised; every other column is a feature
/// (API.md, "HTTP"). The task comes from the `label` column (or, without one, the `prediction` column):
/// two distinct values make a binary task whose positive label is `1`, `true`, or the larger value; a
/// handful (≤ 20) of non-numeric values make a multiclass task; anything else is regression.
public enum ReferenceBuilder {
    /// The reserved column names.
    public static let predictionColumn = "prediction"
    public static let labelColumn = "label"
    public static let scoreColumn = "score"

    /// Why a reference cannot be used.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// A prepared reference: the schema, the profile and the labelled rows for performance baselines.
    public struct Prepared: Sendable {
        public var schema: ModelSchema
        public var profile: ReferenceProfile
        /// Labels, predictions and scores per row (nil where the reference has no such column).
        public var labels: [String?]?
        public var predictions: [String?]?
        public var scores: [Double]?
        /// The references of the categorical features' values (``ReferenceBuilder/segments(columns:prepared:bins:)``);
        /// empty unless the caller adds them.
        public var segments: [ReferenceSegment] = []
    }

    /// Builds the schema and profile from named columns of equal length.
    public static func prepare(columns: [(name: String, values: ColumnValues)], bins: Int = 10)
        throws(Failure) -> Prepared
    {
        let rowCount = columns.first?.values.count ?? 0
        guard rowCount > 0 else { throw Failure(message: "the reference has no rows") }
        var features: [(name: String, reference: FeatureReference)] = []
        var specs: [ModelSchema.FeatureSpec] = []
        var labelValues: ColumnValues?
        var predictionValues: ColumnValues?
        var scoreValues: [Double]?
        for (name, values) in columns {
            switch name {
            case labelColumn: labelValues = values
            case predictionColumn: predictionValues = values
            case scoreColumn:
                guard case .numeric(let numbers) = values else {
                    throw Failure(message: "column 'score' must hold numbers (probabilities of the positive class)")
                }
                scoreValues = numbers
            default:
                let reference = FeatureReference(values: values, bins: bins)
                features.append((name, reference))
                specs.append(.init(name: name, type: reference.typeName == "numeric" ? .numeric : .categorical))
            }
        }
        guard !features.isEmpty else { throw Failure(message: "the reference has no feature columns") }
        let (task, positive) = inferTask(labels: labelValues ?? predictionValues)
        let schema = ModelSchema(features: specs, task: task, positiveLabel: positive)
        var predictionReference: FeatureReference?
        if let predictionValues {
            predictionReference = FeatureReference(
                values: task == .regression ? predictionValues : predictionValues.asCategorical(), bins: bins)
        }
        let labelNames = labelValues?.categoryNames()
        let profile = ReferenceProfile(
            features: features, rowCount: rowCount, prediction: predictionReference,
            calibration: calibration(schema: schema, labels: labelNames, scores: scoreValues))
        return Prepared(
            schema: schema, profile: profile, labels: labelNames,
            predictions: predictionValues?.categoryNames(), scores: scoreValues)
    }

    /// The score calibration of a binary reference with labels and scores, for estimated performance
    /// (STATISTICS.md, "Estimated performance without labels"); nil for any other reference.
    static func calibration(schema: ModelSchema, labels: [String?]?, scores: [Double]?) -> ScoreCalibration? {
        guard schema.task == .binary, let labels, let scores else { return nil }
        let positive = schema.positiveLabel ?? "1"
        return ScoreCalibration.fit(scores: scores, labels: labels.map { $0.map { $0 == positive } })
    }

    /// The task and positive label implied by a label column.
    static func inferTask(labels: ColumnValues?) -> (ModelTask, String?) {
        guard let labels else { return (.binary, "1") }
        let names = Set(labels.categoryNames().compactMap { $0 })
        if names.count == 2 {
            let sorted = names.sorted { lhs, rhs in
                if let l = Double(lhs), let r = Double(rhs) { return l < r }
                return lhs < rhs
            }
            let positive = names.contains("1") ? "1" : names.contains("true") ? "true" : sorted.last
            return (.binary, positive)
        }
        if case .categorical = labels, names.count <= 20 { return (.multiclass, nil) }
        return (.regression, nil)
    }
}

extension ColumnValues {
    /// Each row as a category name (numbers in shortest form, `1.0` → `1`); nil where missing.
    public func categoryNames() -> [String?] {
        switch self {
        case .categorical(let column):
            return column.codes.map { $0 < 0 ? nil : column.categories[Int($0)] }
        case .numeric(let numbers):
            return numbers.map { value in value.isFinite ? ScalarValue.number(value).categoryName : nil }
        }
    }

    /// The column as categories.
    public func asCategorical() -> ColumnValues {
        if case .categorical = self { return self }
        return .categorical(CategoricalColumn(values: categoryNames()))
    }
}
