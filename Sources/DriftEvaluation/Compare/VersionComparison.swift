public import DriftCore
public import DriftStats

/// Two model versions compared over the same range of event time (API.md, "Slices":
/// `GET /v1/models/{m}/compare`; statistics in STATISTICS.md, "Comparing two versions").
///
/// Encodes to the documented JSON: `a`, `b`, `difference`, `prediction_drift`, `paired` (the route adds
/// `model`, `from` and `to`).
public struct VersionComparison: Sendable, Encodable {
    /// One version's side: its events in the range, those labelled, and its performance on them.
    public struct Side: Sendable, Encodable {
        public var version: String
        public var count: Int
        public var labelled: Int
        public var performance: PerformanceMetrics?
    }

    /// A difference B − A with its 95% interval and p-value.
    public struct Difference: Sendable, Encodable {
        public var estimate: Double
        public var ci95: [Double]
        public var pvalue: Double
    }

    /// B's predictions against A's as the reference.
    public struct PredictionDrift: Sendable, Encodable {
        public var psi: Double
        /// Classification: chi-square of B's prediction counts against A's proportions.
        public var chi2: ChiSquare?
        /// Regression: two-sample KS of B's predictions against A's.
        public var ks: KSResult?
        public var jensenShannon: Double

        public struct ChiSquare: Sendable, Encodable {
            public var statistic: Double
            public var pvalue: Double
        }

        enum CodingKeys: String, CodingKey {
            case psi, chi2, ks
            case jensenShannon = "jensen_shannon"
        }
    }

    /// The ids present under both versions.
    public struct Paired: Sendable, Encodable {
        /// Ids scored by both versions.
        public var count: Int
        /// Of those, the ids whose events both carry a label.
        public var labelled: Int
        /// Share of pairs with equal predictions; absent without pairs.
        public var agreement: Double?
        /// McNemar's exact test on the labelled pairs (classification only); absent without pairs.
        public var mcnemar: McNemar?

        public struct McNemar: Sendable, Encodable {
            public var aOnlyCorrect: Int
            public var bOnlyCorrect: Int
            public var pvalue: Double

            enum CodingKeys: String, CodingKey {
                case pvalue
                case aOnlyCorrect = "a_only_correct"
                case bOnlyCorrect = "b_only_correct"
            }
        }
    }

    public var a: Side
    public var b: Side
    /// `accuracy` for classification, `mae` for regression; empty when a side has no labelled event.
    public var difference: [String: Difference]
    /// Absent when a side has no prediction.
    public var predictionDrift: PredictionDrift?
    public var paired: Paired

    enum CodingKeys: String, CodingKey {
        case a, b, difference, paired
        case predictionDrift = "prediction_drift"
    }

    /// Compares version `b` with version `a` from their events.
    ///
    /// - Parameters:
    ///   - schema: the model's schema, for the task and the positive label.
    ///   - bins: PSI bins for a regression model's numeric predictions.
    public init(
        schema: ModelSchema, a versionA: String, b versionB: String, outcomes: VersionOutcomes, bins: Int = 10
    ) {
        let judge = OutcomeJudge(schema: schema)
        func side(_ version: String, _ events: [VersionOutcomes.Outcome]) -> Side {
            Side(
                version: version, count: events.count, labelled: events.count(where: { judge.isLabelled($0) }),
                performance: schema.performance(
                    labels: events.map(\.label), predictions: events.map(\.prediction),
                    scores: events.map { $0.score ?? .nan }))
        }
        a = side(versionA, outcomes.a)
        b = side(versionB, outcomes.b)
        difference = Self.difference(judge: judge, a: outcomes.a, b: outcomes.b)
        predictionDrift = Self.predictionDrift(judge: judge, a: outcomes.a, b: outcomes.b, bins: bins)
        paired = Self.paired(judge: judge, a: outcomes.a, b: outcomes.b)
    }

    private static func difference(
        judge: OutcomeJudge, a: [VersionOutcomes.Outcome], b: [VersionOutcomes.Outcome]
    ) -> [String: Difference] {
        if judge.isRegression {
            guard let result = MeanDifference(a: a.compactMap(judge.absoluteError), b: b.compactMap(judge.absoluteError))
            else { return [:] }
            return ["mae": Difference(estimate: result.estimate, ci95: [result.lower, result.upper], pvalue: result.pvalue)]
        }
        let correctA = a.compactMap(judge.isCorrect)
        let correctB = b.compactMap(judge.isCorrect)
        guard
            let result = ProportionDifference(
                successesA: correctA.count(where: { $0 }), totalA: correctA.count,
                successesB: correctB.count(where: { $0 }), totalB: correctB.count)
        else { return [:] }
        return [
            "accuracy": Difference(estimate: result.estimate, ci95: [result.lower, result.upper], pvalue: result.pvalue)
        ]
    }

    private static func predictionDrift(
        judge: OutcomeJudge, a: [VersionOutcomes.Outcome], b: [VersionOutcomes.Outcome], bins: Int
    ) -> PredictionDrift? {
        if judge.isRegression {
            let reference = NumericReference(values: a.compactMap { $0.prediction?.numericValue }, bins: bins)
            guard let comparison = NumericComparison(reference: reference, window: b.compactMap { $0.prediction?.numericValue })
            else { return nil }
            return PredictionDrift(
                psi: comparison.psi, chi2: nil, ks: comparison.ks, jensenShannon: comparison.jensenShannon)
        }
        let reference = CategoricalReference(column: CategoricalColumn(values: a.map { $0.prediction?.categoryName }))
        guard
            let comparison = CategoricalComparison(
                reference: reference, window: CategoricalColumn(values: b.map { $0.prediction?.categoryName }))
        else { return nil }
        return PredictionDrift(
            psi: comparison.psi,
            chi2: .init(statistic: comparison.chiSquare.statistic, pvalue: comparison.chiSquare.pvalue), ks: nil,
            jensenShannon: comparison.jensenShannon)
    }

    private static func paired(
        judge: OutcomeJudge, a: [VersionOutcomes.Outcome], b: [VersionOutcomes.Outcome]
    ) -> Paired {
        var byID: [String: VersionOutcomes.Outcome] = [:]
        byID.reserveCapacity(a.count)
        for outcome in a { byID[outcome.id] = outcome }
        var count = 0
        var labelled = 0
        var agreeing = 0
        var aOnly = 0
        var bOnly = 0
        for outcomeB in b {
            guard let outcomeA = byID[outcomeB.id] else { continue }
            count += 1
            if judge.samePrediction(outcomeA, outcomeB) { agreeing += 1 }
            guard judge.isLabelled(outcomeA), judge.isLabelled(outcomeB) else { continue }
            labelled += 1
            if let correctA = judge.isCorrect(outcomeA), let correctB = judge.isCorrect(outcomeB), correctA != correctB {
                if correctA { aOnly += 1 } else { bOnly += 1 }
            }
        }
        guard count > 0 else { return Paired(count: 0, labelled: 0) }
        return Paired(
            count: count, labelled: labelled, agreement: Double(agreeing) / Double(count),
            mcnemar: judge.isRegression
                ? nil
                : .init(
                    aOnlyCorrect: aOnly, bOnlyCorrect: bOnly,
                    pvalue: McNemarTest.exactPValue(aOnlyCorrect: aOnly, bOnlyCorrect: bOnly)))
    }
}

/// Whether an event's prediction was right, by the rules of ``ModelSchema/performance(labels:predictions:scores:)``:
/// binary by "is the positive label", multiclass by category name, regression by absolute error.
struct OutcomeJudge {
    let isRegression: Bool
    private let task: ModelTask
    private let positive: String

    init(schema: ModelSchema) {
        task = schema.task
        isRegression = schema.task == .regression
        positive = schema.positiveLabel ?? "1"
    }

    /// Whether the event has a usable label (a value, not null).
    func isLabelled(_ outcome: VersionOutcomes.Outcome) -> Bool {
        guard let label = outcome.label else { return false }
        return label != .null
    }

    /// Whether the prediction equals the label; nil when either is missing (the row is not counted).
    func isCorrect(_ outcome: VersionOutcomes.Outcome) -> Bool? {
        guard let label = outcome.label?.categoryName, let prediction = outcome.prediction?.categoryName else {
            return nil
        }
        switch task {
        case .binary: return (label == positive) == (prediction == positive)
        case .multiclass, .regression: return label == prediction
        }
    }

    /// |label − prediction| for a regression event with finite numbers, else nil.
    func absoluteError(_ outcome: VersionOutcomes.Outcome) -> Double? {
        guard let y = outcome.label?.numericValue, let yHat = outcome.prediction?.numericValue, y.isFinite,
            yHat.isFinite
        else { return nil }
        return abs(y - yHat)
    }

    /// Whether two events predicted the same: equal numbers for regression, equal category names otherwise.
    func samePrediction(_ a: VersionOutcomes.Outcome, _ b: VersionOutcomes.Outcome) -> Bool {
        if isRegression { return a.prediction?.numericValue == b.prediction?.numericValue }
        return a.prediction?.categoryName == b.prediction?.categoryName
    }
}
