import DriftCore
import DriftStats
import DriftStore
import DriftTestSupport
import Foundation

/// Shared test data: one model with two numeric and two categorical features.
enum Fixture {
    static let model = ModelName("fraud-detector")!
    static let otherModel = ModelName("churn")!
    /// 2026-01-01T00:00:00Z in milliseconds.
    static let t0: Int64 = 1_767_225_600_000
    static let hour: Int64 = 3_600_000

    static let schema = ModelSchema(
        features: [
            .init(name: "age", type: .numeric), .init(name: "country", type: .categorical),
            .init(name: "income", type: .numeric), .init(name: "plan", type: .categorical),
        ],
        task: .binary, positiveLabel: "1")

    static func profile(seed: Double = 0) -> ReferenceProfile {
        ReferenceProfile(
            features: [
                ("age", .numeric(NumericReference(values: [30 + seed, 41, .nan, 25, 52, 38]))),
                (
                    "country",
                    .categorical(CategoricalReference(column: CategoricalColumn(values: ["fr", "de", nil, "fr"])))
                ),
                ("income", .numeric(NumericReference(values: [1_000, 2_500, 4_000 + seed]))),
                ("plan", .categorical(CategoricalReference(column: CategoricalColumn(values: ["basic", "pro"])))),
            ], rowCount: 6)
    }

    /// A store at `path` with a first reference saved for ``model``.
    static func store(at path: String, durability: Durability = .normal) throws -> SQLiteStore {
        let store = try SQLiteStore(path: path, durability: durability)
        try store.saveReference(model: model, schema: schema, profile: profile(), rowCount: 6, at: t0)
        return store
    }

    /// An event with the schema's features; nil leaves a feature out.
    static func event(
        _ id: String, at timestamp: Int64, age: ScalarValue? = .number(30), country: ScalarValue? = .string("fr"),
        income: ScalarValue? = .number(1_000), plan: ScalarValue? = .string("basic"),
        prediction: ScalarValue? = .number(1), score: Double? = 0.9, label: ScalarValue? = nil,
        extra: [Event.Feature] = []
    ) -> Event {
        let named: [(String, ScalarValue?)] = [("age", age), ("country", country), ("income", income), ("plan", plan)]
        let features = named.compactMap { name, value in value.map { Event.Feature(name: name, value: $0) } }
        return Event(
            id: id, timestampMilliseconds: timestamp, features: features + extra, prediction: prediction, score: score,
            label: label)
    }

    /// Events `prefix0 …` one second apart from `start`.
    static func events(_ count: Int, prefix: String = "e", start: Int64 = t0) -> [Event] {
        (0..<count).map { event("\(prefix)\($0)", at: start + Int64($0) * 1_000) }
    }
}

extension ColumnValues {
    /// The numbers of a numeric column (nil for a categorical one).
    var numbers: [Double]? {
        if case .numeric(let values) = self { return values }
        return nil
    }

    /// The category names of a categorical column, nil where missing (nil for a numeric column).
    var categoryNames: [String?]? {
        guard case .categorical(let column) = self else { return nil }
        return column.codes.map { $0 == CategoricalColumn.missingCode ? nil : column.categories[Int($0)] }
    }
}
