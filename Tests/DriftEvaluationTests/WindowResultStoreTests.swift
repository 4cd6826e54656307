import DriftCore
import DriftEvaluation
import DriftStats
import DriftStore
import Foundation
import Testing

@Suite("Stored window results")
struct WindowResultStoreTests {
    private let hour = EvaluationSettings.hour

    private func result(start: Int64, count: Int, partial: Bool = false) -> WindowResult {
        WindowResult(
            start: start, end: start + hour, partial: partial, referenceVersion: 1, evaluatedAt: start + hour,
            evaluations: 1,
            statistics: WindowStatistics(
                count: count, labelled: 0, labelCoverage: 0, driftedFeatureShare: 0, driftMethod: .psi,
                driftThreshold: 0.2, minSamples: 100,
                features: ["f0": FeatureResult(type: .numeric, count: count, missing: 0, insufficientData: true)],
                prediction: nil, performance: nil, referencePerformance: nil))
    }

    @Test("re-evaluation replaces the JSON and counts up evaluations")
    func reevaluation() throws {
        let fixture = try GoldenStore()
        let first = try fixture.store.saveWindowResult(model: fixture.model, result: result(start: 0, count: 3, partial: true))
        #expect(first.evaluations == 1)
        let second = try fixture.store.saveWindowResult(model: fixture.model, result: result(start: 0, count: 5))
        #expect(second.evaluations == 2)
        let stored = try fixture.store.evaluatedWindows(model: fixture.model)
        #expect(stored.count == 1)
        #expect(stored.first?.statistics.count == 5)
        #expect(stored.first?.partial == false)
        #expect(stored.first?.evaluations == 2)
        #expect(try fixture.store.partialWindowResults(model: fixture.model).isEmpty)
        #expect(try fixture.store.latestFinalWindowStart(model: fixture.model) == 0)
    }

    @Test("windowResults returns the windows overlapping [from, to), oldest first")
    func ranges() throws {
        let fixture = try GoldenStore()
        for start in [2 * hour, 0, hour] {
            try fixture.store.saveWindowResult(model: fixture.model, result: result(start: start, count: 1))
        }
        let all = try fixture.store.windowResults(model: fixture.model)
        #expect(all.map(\.start) == [0, hour, 2 * hour])
        #expect(try fixture.store.windowResults(model: fixture.model, from: hour, to: 2 * hour).map(\.start) == [hour])
        #expect(try fixture.store.windowResults(model: fixture.model, from: hour - 1, to: hour + 1).map(\.start) == [0, hour])
        #expect(try fixture.store.windowResults(model: ModelName("unknown")!).isEmpty)
        #expect(
            try fixture.store.windowResultStatuses(model: fixture.model, startingFrom: hour, before: 3 * hour).map(\.start)
                == [hour, 2 * hour])
    }

    @Test("a result survives the store: JSON round trip, non-finite numbers included")
    func roundTrip() throws {
        let fixture = try GoldenStore()
        var original = result(start: hour, count: 2)
        original.statistics.features["f0"] = FeatureResult(
            type: .numeric, count: 2, missing: 0, missingRate: 0, psi: 0.1, mean: .infinity)
        original.statistics.performance = .regression(
            RegressionMetrics(mae: 1, rmse: .infinity, mape: 0.5, bias: -1, count: 2))
        let saved = try fixture.store.saveWindowResult(model: fixture.model, result: original)
        #expect(saved == original)
        #expect(try fixture.store.evaluatedWindows(model: fixture.model) == [original])
        let data = try ResultJSON.encoder.encode(original)
        #expect(try ResultJSON.decoder.decode(WindowResult.self, from: data) == original)
    }

    @Test("undecodable stored JSON is a corruptResult error")
    func corrupt() throws {
        let fixture = try GoldenStore()
        try fixture.store.saveWindowResult(
            model: fixture.model,
            StoredWindowResult(
                start: 0, end: hour, referenceVersion: 1, partial: false, evaluatedAt: 0, evaluations: 1, json: "{}"))
        #expect {
            try fixture.store.evaluatedWindows(model: fixture.model)
        } throws: { error in
            (error as? EvaluationError)?.code == .corruptResult
        }
    }

    @Test("an empty window cannot be saved, nor a result of an unknown model")
    func invalid() throws {
        let fixture = try GoldenStore()
        #expect(throws: StoreError.self) {
            try fixture.store.saveWindowResult(
                model: fixture.model,
                StoredWindowResult(
                    start: 0, end: 0, referenceVersion: 1, partial: false, evaluatedAt: 0, evaluations: 1, json: "{}"))
        }
        #expect {
            try fixture.store.saveWindowResult(model: ModelName("unknown")!, result: result(start: 0, count: 1))
        } throws: { error in
            (error as? EvaluationError)?.code == .unknownModel
        }
    }

    @Test("the evaluation cursor starts at 0 and keeps what was set")
    func cursor() throws {
        let fixture = try GoldenStore()
        #expect(try fixture.store.evaluationCursor(model: fixture.model) == 0)
        try fixture.store.setEvaluationCursor(model: fixture.model, sequence: 42)
        try fixture.store.setEvaluationCursor(model: fixture.model, sequence: 43)
        #expect(try fixture.store.evaluationCursor(model: fixture.model) == 43)
    }

    @Test("the reference performance is stored with the reference, also through the ModelStore port")
    func referencePerformance() async throws {
        let fixture = try GoldenStore()
        let viaPort = ModelName("via-port")!
        let saved = try await (fixture.store as any ModelStore).saveReference(
            model: viaPort, prepared: fixture.prepared, contentSHA256: nil, at: 0)
        #expect(saved.version == 1 && saved.created)
        let stored = try #require(try fixture.store.reference(model: viaPort, version: 1))
        #expect(stored.performance == fixture.prepared.performance())
        #expect(stored.performance != nil)
        try fixture.store.saveReference(
            model: viaPort, schema: fixture.prepared.schema, profile: fixture.prepared.profile, rowCount: 1, at: 1)
        #expect(try fixture.store.latestReference(model: viaPort)?.performance == nil)
    }
}
