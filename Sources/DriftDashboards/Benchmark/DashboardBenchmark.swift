public import DriftCore
import DriftEvaluation
import DriftStats
import Foundation

/// A seeded synthetic model for measuring the dashboards (`driftwatch bench render`) and for checking
/// their size budget in tests: a reference of `numeric` + `categorical` features, a month of evaluated
/// windows with drift episodes, a gap, insufficient-data cells and a reference change, and real events
/// in the last two windows (evaluated for real) so that the histograms have values to bin.
///
/// Everything goes in through the store's public API (`saveReference`, `saveWindowResult`,
/// `insertEvents`), as the server would write it.
public enum DashboardBenchmark {
    /// The synthetic model's dimensions.
    public struct Shape: Sendable, Equatable {
        /// Evaluated window slots, the latest ending at `end` (720: 30 days of hourly windows).
        public var windows: Int
        public var numeric: Int
        public var categorical: Int
        public var windowMilliseconds: Int64
        /// Events in each of the last two windows.
        public var recentEvents: Int
        public var seed: UInt64

        public init(
            windows: Int = 720, numeric: Int = 40, categorical: Int = 10, windowMilliseconds: Int64 = 3_600_000,
            recentEvents: Int = 400, seed: UInt64 = 20_260_105
        ) {
            self.windows = windows
            self.numeric = numeric
            self.categorical = categorical
            self.windowMilliseconds = windowMilliseconds
            self.recentEvents = recentEvents
            self.seed = seed
        }

        /// Number of features.
        public var features: Int { numeric + categorical }
    }

    /// Writes the synthetic model `model` into `store`; its last window ends at `end`.
    /// - Throws: the store's or the evaluator's error.
    public static func populate(store: any StoragePort, model: ModelName, shape: Shape, end: Int64) throws {
        precondition(shape.windows >= 2 && shape.features >= 1, "at least two windows and one feature")
        var random = SplitMix64(seed: shape.seed)
        let prepared = try referenceColumns(shape: shape, random: &random)
        let start = end - Int64(shape.windows) * shape.windowMilliseconds
        try store.saveReference(
            model: model, schema: prepared.schema, profile: prepared.profile, rowCount: prepared.profile.rowCount,
            at: start - 86_400_000, performance: prepared.performance())
        let changeAt = shape.windows * 2 / 3
        let baseline = PerformanceMetrics.binary(
            BinaryMetrics(
                accuracy: 0.91, precision: 0.88, recall: 0.84, f1: 0.86, rocAUC: 0.95, logLoss: 0.24, count: 2_000))
        let names = prepared.schema.features
        for window in 0..<(shape.windows - 2) {
            if window == changeAt {
                try store.saveReference(
                    model: model, schema: prepared.schema, profile: prepared.profile,
                    rowCount: prepared.profile.rowCount, at: start + Int64(window) * shape.windowMilliseconds,
                    performance: prepared.performance())
            }
            // Four hours of downtime a third of the way in: a gap in every chart.
            if (shape.windows / 3..<shape.windows / 3 + 4).contains(window) { continue }
            let windowStart = start + Int64(window) * shape.windowMilliseconds
            let statistics = syntheticStatistics(
                window: window, of: shape.windows, features: names, baseline: baseline, random: &random)
            let result = WindowResult(
                start: windowStart, end: windowStart + shape.windowMilliseconds, partial: false,
                referenceVersion: window >= changeAt ? 2 : 1,
                evaluatedAt: windowStart + shape.windowMilliseconds + 300_000,
                evaluations: 1, statistics: statistics)
            try store.saveWindowResult(model: model, result: result)
        }
        guard let reference = try store.latestReference(model: model) else { return }
        for window in (shape.windows - 2)..<shape.windows {
            let windowStart = start + Int64(window) * shape.windowMilliseconds
            let events = StoreBenchmark.events(
                count: shape.recentEvents, schema: prepared.schema, start: windowStart,
                spacingMilliseconds: max(shape.windowMilliseconds / Int64(max(shape.recentEvents, 1)), 1),
                seed: shape.seed &+ UInt64(window), idPrefix: "w\(window)-")
            try store.insertEvents(model: model, events: events, receivedAt: windowStart)
            let data = try store.windowData(
                model: model, from: windowStart, to: windowStart + shape.windowMilliseconds,
                referenceVersion: reference.version)
            let result = try WindowEvaluator(
                reference: reference, settings: EvaluationSettings(windowMilliseconds: shape.windowMilliseconds)
            )
            .evaluate(data, partial: window == shape.windows - 1, evaluatedAt: end)
            try store.saveWindowResult(model: model, result: result)
        }
    }

    /// Reference columns in the shape of `StoreBenchmark.events`: numbers spread over about [−5, 6],
    /// categories `cat_0`…`cat_9`, and a binary label, prediction and score.
    private static func referenceColumns(shape: Shape, random: inout SplitMix64) throws -> ReferenceBuilder.Prepared {
        let rows = 2_000
        var columns: [(name: String, values: ColumnValues)] = []
        for index in 0..<shape.numeric {
            columns.append(
                (
                    "n\(index)",
                    .numeric(
                        (0..<rows).map { _ in
                            let draw = random.nextUnit()
                            return (random.nextUnit() - 0.5) * 10 + draw
                        })
                ))
        }
        for index in 0..<shape.categorical {
            columns.append(
                (
                    "c\(index)",
                    .categorical(
                        CategoricalColumn(
                            values: (0..<rows).map { _ in
                                "cat_\(Int(random.nextUnit() * 10))"
                            }))
                ))
        }
        var labels: [String?] = []
        var predictions: [String?] = []
        var scores: [Double] = []
        for _ in 0..<rows {
            let score = random.nextUnit()
            let label = random.nextUnit() < 0.9 ? score > 0.5 : score <= 0.5
            labels.append(label ? "1" : "0")
            predictions.append(score > 0.5 ? "1" : "0")
            scores.append(score)
        }
        columns.append(("label", .categorical(CategoricalColumn(values: labels))))
        columns.append(("prediction", .categorical(CategoricalColumn(values: predictions))))
        columns.append(("score", .numeric(scores)))
        return try ReferenceBuilder.prepare(columns: columns)
    }

    /// One window's statistics: most features stable (PSI ≈ 0.01–0.05, uniform p-values), the first
    /// fifth drifting ever more over the last quarter, a few with daily spikes, one feature short of
    /// values now and then, and accuracy slipping as the drift grows.
    private static func syntheticStatistics(
        window: Int, of total: Int, features: [ModelSchema.FeatureSpec], baseline: PerformanceMetrics,
        random: inout SplitMix64
    ) -> WindowStatistics {
        let count = 280 + Int(random.nextUnit() * 60)
        let lateStart = total * 3 / 4
        let progress = window >= lateStart ? Double(window - lateStart) / Double(max(total - lateStart, 1)) : 0
        var results: [String: FeatureResult] = [:]
        var drifted = 0
        var decided = 0
        for (index, feature) in features.enumerated() {
            let missing = Int(
                Double(count) * (0.005 + 0.02 * random.nextUnit()) * (index == 3 && window % 50 < 3 ? 12 : 1))
            if index == 7 && window % 97 == 0 {
                results[feature.name] = FeatureResult(
                    type: feature.type, count: count, missing: count - 40, insufficientData: true,
                    missingRate: Double(count - 40) / Double(count))
                continue
            }
            var psi = 0.005 + 0.04 * random.nextUnit() * random.nextUnit()
            if index < max(features.count / 5, 1) && progress > 0 { psi += progress * (0.15 + 0.1 * Double(index % 3)) }
            if (index == 9 || index == 12) && window % 24 == 13 { psi += 0.25 + 0.1 * random.nextUnit() }
            let isDrift = psi >= 0.2
            let pValue = isDrift ? pow(10, -2 - 8 * random.nextUnit()) : max(random.nextUnit(), 0.0005)
            var result = FeatureResult(
                type: feature.type, count: count, missing: missing, missingRate: Double(missing) / Double(count),
                psi: psi,
                jensenShannon: min(1, psi.squareRoot() * 0.35), drift: isDrift)
            if feature.type == .numeric {
                result.ks = KSResult(
                    statistic: min(1, psi.squareRoot() * 0.45 + 0.02 * random.nextUnit()), pvalue: pValue,
                    method: .exact)
                result.wassersteinNormed = psi.squareRoot() * 0.5
                result.outOfRangeShare = psi > 0.2 ? 0.01 * random.nextUnit() + psi * 0.02 : 0.002 * random.nextUnit()
                result.min = -5 + random.nextUnit()
                result.max = 5 + random.nextUnit() + psi * 3
                result.mean = 0.5 + psi
            } else {
                result.chi2 = ChiSquareSummary(statistic: psi * Double(count), pvalue: pValue)
                result.unseenShare = psi > 0.2 ? 0.02 * random.nextUnit() : 0
            }
            results[feature.name] = result
            decided += 1
            if isDrift { drifted += 1 }
        }
        let coverage = min(0.95, 0.35 + 0.5 * Double(window) / Double(total) + 0.05 * random.nextUnit())
        let labelled = Int(Double(count) * coverage)
        let accuracy = 0.905 - 0.09 * progress + 0.02 * (random.nextUnit() - 0.5)
        let performance = PerformanceMetrics.binary(
            BinaryMetrics(
                accuracy: accuracy, precision: accuracy - 0.03, recall: accuracy - 0.06, f1: accuracy - 0.045,
                rocAUC: min(1, accuracy + 0.04), logLoss: 0.25 + (0.9 - accuracy), count: labelled))
        return WindowStatistics(
            count: count, labelled: labelled, labelCoverage: Double(labelled) / Double(count),
            driftedFeatureShare: decided > 0 ? Double(drifted) / Double(decided) : 0, driftMethod: .psi,
            driftThreshold: 0.2, minSamples: 100, features: results,
            prediction: FeatureResult(
                type: .categorical, count: count, missing: 0, missingRate: 0, psi: 0.004 + progress * 0.08),
            performance: performance, referencePerformance: baseline)
    }
}
