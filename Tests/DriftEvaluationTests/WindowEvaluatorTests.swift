import DriftTestSupport
import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

@Suite("Window evaluator")
struct WindowEvaluatorTests {
    /// A window of `rows` events built by hand: f0 numeric, f1 all missing, c0 categorical.
    private func smallWindow(_ fixture: GoldenStore, rows: Int) -> WindowData {
        WindowData(
            start: 0, end: GoldenStore.hour, schema: fixture.prepared.schema,
            columns: [
                .numeric((0..<rows).map { Double($0) / Double(rows) }),
                .numeric([Double](repeating: .nan, count: rows)),
                .categorical(CategoricalColumn(values: (0..<rows).map { $0 % 2 == 0 ? "web" : "ios" })),
            ],
            timestamps: (0..<rows).map { Int64($0) }, predictions: (0..<rows).map { .number(Double($0 % 2)) },
            scores: [Double](repeating: 0.5, count: rows), labels: (0..<rows).map { _ in .number(1) })
    }

    private func evaluator(_ fixture: GoldenStore, _ settings: EvaluationSettings = EvaluationSettings())
        throws -> WindowEvaluator
    {
        let reference = try #require(try fixture.store.latestReference(model: fixture.model))
        return WindowEvaluator(reference: reference, settings: settings)
    }

    /// The JSON object of a feature result.
    private func json(_ result: FeatureResult?) throws -> [String: JSONValue] {
        let result = try #require(result)
        return try #require(try JSONValue.parse(try ResultJSON.encoder.encode(result)).object)
    }

    @Test("features below min_samples report insufficient_data with their volume only")
    func insufficientData() throws {
        let fixture = try GoldenStore()
        #expect(fixture.prepared.schema.features.map(\.name) == ["f0", "f1", "c0"])
        let result = try evaluator(fixture).evaluate(smallWindow(fixture, rows: 50), partial: true, evaluatedAt: 7)
        let statistics = result.statistics
        #expect(result.partial && result.evaluatedAt == 7 && result.evaluations == 1 && result.referenceVersion == 1)
        #expect(statistics.count == 50)
        for name in ["f0", "f1", "c0"] {
            let feature = try json(statistics.features[name])
            #expect(Set(feature.keys) == ["type", "count", "missing", "missing_rate", "insufficient_data"], "\(name)")
            #expect(feature["insufficient_data"] == .bool(true))
            #expect(feature["count"] == .number(50))
        }
        #expect(statistics.features["f1"]?.missing == 50)
        #expect(statistics.features["f1"]?.missingRate == 1, "a feature that went missing stays alertable")
        #expect(statistics.prediction?.insufficientData == true)
        #expect(statistics.driftedFeatureShare == 0)
        #expect(statistics.performance?.count == 50, "performance needs no minimum")
    }

    @Test("min_samples counts usable values: a feature with missing values can fall below it alone")
    func perFeatureMinimum() throws {
        let fixture = try GoldenStore()
        try fixture.insertEverything()
        let second = fixture.firstWindow + GoldenStore.hour
        let data = try fixture.store.windowData(model: fixture.model, from: second, to: second + GoldenStore.hour)
        // The second golden window has 300 events and 12 of them lack f1: 288 usable values.
        let statistics = try evaluator(fixture, EvaluationSettings(minSamples: 289)).statistics(of: data)
        #expect(statistics.features["f1"]?.insufficientData == true)
        #expect(statistics.features["f1"]?.missing == 12)
        #expect(statistics.features["f0"]?.insufficientData == nil)
        #expect(statistics.features["f0"]?.drift == true)
        #expect(statistics.features["c0"]?.drift == false)
        #expect(statistics.driftedFeatureShare == 0.5, "f1 is left out of the share")
        let exactly = try evaluator(fixture, EvaluationSettings(minSamples: 288)).statistics(of: data)
        #expect(exactly.features["f1"]?.insufficientData == nil, "288 values meet a minimum of 288")
    }

    @Test("the JSON keys of a feature follow its type; the prediction has no drift decision")
    func keysByType() throws {
        let fixture = try GoldenStore()
        var settings = EvaluationSettings()
        settings.minSamples = 10
        let statistics = try evaluator(fixture, settings).statistics(of: smallWindow(fixture, rows: 200))
        let numeric = try json(statistics.features["f0"])
        #expect(
            Set(numeric.keys) == [
                "type", "count", "missing", "missing_rate", "psi", "ks", "wasserstein_normed", "jensen_shannon",
                "drift", "out_of_range_share", "min", "max", "mean",
            ])
        #expect(Set(numeric["ks"]?.object?.keys ?? [:].keys) == ["statistic", "pvalue", "method"])
        let categorical = try json(statistics.features["c0"])
        #expect(
            Set(categorical.keys) == [
                "type", "count", "missing", "missing_rate", "psi", "chi2", "jensen_shannon", "drift", "unseen_share",
            ])
        #expect(Set(categorical["chi2"]?.object?.keys ?? [:].keys) == ["statistic", "pvalue"])
        let prediction = try json(statistics.prediction)
        #expect(prediction["type"] == .string("categorical"))
        #expect(prediction["drift"] == nil)
        #expect(statistics.features["f0"]?.min == 0)
        #expect(statistics.features["f0"]?.outOfRangeShare == 0)
    }

    @Test("the drift method and threshold decide drift")
    func driftMethod() throws {
        let fixture = try GoldenStore()
        let data = smallWindow(fixture, rows: 200)
        let byPSI = try evaluator(fixture).statistics(of: data)
        let psi = try #require(byPSI.features["f0"]?.psi)
        let above = try evaluator(fixture, EvaluationSettings(driftThreshold: psi + 1e-9)).statistics(of: data)
        let atIt = try evaluator(fixture, EvaluationSettings(driftThreshold: psi)).statistics(of: data)
        #expect(above.features["f0"]?.drift == false)
        #expect(atIt.features["f0"]?.drift == true, "PSI ≥ threshold is drift")
        let byKS = try evaluator(fixture, EvaluationSettings(driftMethod: .ks)).statistics(of: data)
        let pvalue = try #require(byKS.features["f0"]?.ks?.pvalue)
        #expect(byKS.features["f0"]?.drift == (pvalue < 0.05))
        #expect(byKS.driftMethod == .ks && byKS.driftThreshold == 0.05)
    }

    @Test("a window read without a reference feature counts it as missing")
    func absentColumn() throws {
        let fixture = try GoldenStore()
        var data = smallWindow(fixture, rows: 120)
        data.schema.features.removeFirst()
        data.columns.removeFirst()
        let statistics = try evaluator(fixture).statistics(of: data)
        #expect(statistics.features["f0"] == FeatureResult(
            type: .numeric, count: 120, missing: 120, insufficientData: true, missingRate: 1))
    }

    @Test("a column of the wrong type is a typeMismatch error")
    func typeMismatch() throws {
        let fixture = try GoldenStore()
        var data = smallWindow(fixture, rows: 120)
        data.columns[0] = .categorical(CategoricalColumn(values: [String?](repeating: "x", count: 120)))
        #expect {
            try evaluator(fixture).statistics(of: data)
        } throws: { error in
            (error as? EvaluationError)?.code == .typeMismatch
        }
    }
}
