import DriftCore
import DriftEvaluation
import DriftStats

@testable import DriftDashboards

/// A tiny model built by hand, the input of the golden pages: `loans` with a numeric feature `age`
/// and a categorical feature `purpose`, four hourly windows (a gap after the second, the last one
/// partial, `purpose` short of values in one), histograms for both features, and one alert that went
/// pending, firing (with a delivery) and resolved. Every window has an estimated accuracy (CBPE), the
/// partial one without labels too, so the performance chart draws the dashed estimate leading.
enum TinyFixture {
    static let hour: Int64 = 3_600_000
    /// 2026-01-05T00:00:00Z.
    static let start: Int64 = 1_767_571_200_000
    /// The render time: 2026-01-05T05:10:00Z.
    static let now: Int64 = start + 5 * hour + 600_000
    static let model = ModelName("loans")!

    static let reference = PerformanceMetrics.binary(
        BinaryMetrics(accuracy: 0.9, precision: 0.85, recall: 0.8, f1: 0.82, rocAUC: 0.93, logLoss: 0.3, count: 500))

    static func window(
        _ slot: Int64, age: (psi: Double, p: Double, drift: Bool), purpose: FeatureResult, accuracy: Double?,
        estimated: Double, partial: Bool = false
    ) -> WindowResult {
        let count = 200
        var features: [String: FeatureResult] = [:]
        features["age"] = FeatureResult(
            type: .numeric, count: count, missing: 4, missingRate: 0.02, psi: age.psi,
            ks: KSResult(statistic: 0.05 + age.psi / 4, pvalue: age.p, method: .exact),
            wassersteinNormed: age.psi / 2, jensenShannon: age.psi / 3, drift: age.drift,
            outOfRangeShare: age.drift ? 0.03 : 0, min: 19, max: 74, mean: 41.5)
        features["purpose"] = purpose
        let drifted = [features["age"]!, purpose].filter { $0.drift == true }.count
        let decided = [features["age"]!, purpose].filter { $0.drift != nil }.count
        return WindowResult(
            start: start + slot * hour, end: start + (slot + 1) * hour, partial: partial, referenceVersion: 1,
            evaluatedAt: start + (slot + 1) * hour + 300_000, evaluations: 1,
            statistics: WindowStatistics(
                count: count, labelled: accuracy == nil ? 0 : 120, labelCoverage: accuracy == nil ? 0 : 0.6,
                driftedFeatureShare: decided == 0 ? 0 : Double(drifted) / Double(decided), driftMethod: .psi,
                driftThreshold: 0.2, minSamples: 100, features: features,
                prediction: FeatureResult(type: .categorical, count: count, missing: 0, missingRate: 0, psi: 0.01),
                performance: accuracy.map {
                    .binary(
                        BinaryMetrics(
                            accuracy: $0, precision: 0.8, recall: 0.75, f1: 0.77, rocAUC: 0.9, logLoss: 0.35, count: 120
                        ))
                },
                referencePerformance: reference,
                estimatedPerformance: EstimatedPerformance(
                    accuracy: estimated, precision: 0.8, recall: 0.76, f1: 0.78, rocAUC: 0.91, count: count)))
    }

    static func purpose(psi: Double, p: Double, drift: Bool, unseen: Double = 0) -> FeatureResult {
        FeatureResult(
            type: .categorical, count: 200, missing: 0, missingRate: 0, psi: psi,
            chi2: ChiSquareSummary(statistic: psi * 200, pvalue: p), jensenShannon: psi / 3, drift: drift,
            unseenShare: unseen)
    }

    static var snapshot: ModelSnapshot {
        let insufficient = FeatureResult(
            type: .categorical, count: 200, missing: 150, insufficientData: true, missingRate: 0.75)
        let windows = [
            window(0, age: (0.02, 0.61, false), purpose: purpose(psi: 0.01, p: 0.8, drift: false), accuracy: 0.89,
                estimated: 0.9),
            window(1, age: (0.12, 0.04, false), purpose: insufficient, accuracy: 0.88, estimated: 0.885),
            window(
                3, age: (0.31, 0.00002, true), purpose: purpose(psi: 0.05, p: 0.3, drift: false, unseen: 0.01),
                accuracy: 0.86, estimated: 0.87),
            window(
                4, age: (0.27, 0.0001, true), purpose: purpose(psi: 0.22, p: 0.001, drift: true, unseen: 0.04),
                accuracy: nil, estimated: 0.83, partial: true),
        ]
        let ageHistogram = { (slot: Int64, shift: Double) in
            HistogramData(
                bins: .edges([25, 35, 45, 60]), binNames: ["≤ 25", "(25, 35]", "(35, 45]", "(45, 60]", "> 60"],
                reference: [0.2, 0.2, 0.2, 0.2, 0.2], current: [0.1 + shift, 0.2, 0.2, 0.2, 0.3 - shift],
                currentCount: 196, windowStart: start + slot * hour, partial: slot == 4, referenceVersion: 1)
        }
        let purposeHistogram = HistogramData(
            bins: .categories(["car", "debt", "home", "boat (unseen)"]),
            binNames: ["car", "debt", "home", "boat (unseen)"],
            reference: [0.5, 0.3, 0.2, 0], current: [0.4, 0.3, 0.26, 0.04], currentCount: 200,
            windowStart: start + 4 * hour, partial: true, referenceVersion: 1)
        let alerts = [
            AlertTimelineEntry(
                rule: "psi-high", model: model, feature: "age", state: .pending, at: start + 4 * hour, value: 0.31),
            AlertTimelineEntry(
                rule: "psi-high", model: model, feature: "age", state: .firing, at: start + 4 * hour + 1_200_000,
                value: 0.31,
                deliveries: [AlertDelivery(receiver: "oncall", status: "delivered", at: start + 4 * hour + 1_201_000)]),
            AlertTimelineEntry(
                rule: "psi-high", model: model, feature: "age", state: .resolved, at: start + 5 * hour, value: 0.12),
        ]
        return ModelSnapshot(
            name: model, task: .binary, referenceVersion: 1, referenceCreatedAt: start - 86_400_000, referenceRows: 500,
            referencePerformance: reference,
            features: [.init(name: "age", type: .numeric), .init(name: "purpose", type: .categorical)],
            windows: windows, storedWindowCount: 4, axis: TimeAxis(start: start, step: hour, slots: 5),
            histograms: [
                "age": FeatureHistograms(latest: ageHistogram(4, 0.05), previous: ageHistogram(3, 0)),
                "purpose": FeatureHistograms(latest: purposeHistogram, previous: nil),
            ],
            histogramGap: "", alerts: alerts, eventCount: 800)
    }

    /// A model with a reference and nothing evaluated.
    static var emptySnapshot: ModelSnapshot {
        ModelSnapshot(
            name: ModelName("fresh")!, task: .regression, referenceVersion: 1, referenceCreatedAt: start,
            referenceRows: 10,
            referencePerformance: nil, features: [.init(name: "x", type: .numeric)], windows: [], storedWindowCount: 0,
            axis: nil, histograms: [:], histogramGap: "No window in view has events.", alerts: [], eventCount: 0)
    }
}
