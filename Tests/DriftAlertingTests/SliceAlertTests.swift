import DriftAlerting
import DriftEvaluation
import Foundation
import Testing

/// Rules with `slices:` (API.md, "Slices"): each slice a rule's scope covers is an alert of its own, with
/// its own state machine, the label `slice` and `slice` in the retrain payload.
@Suite struct SliceAlertTests {
    static let rules = """
        receivers:
          - {name: oncall, kind: webhook, url: "http://127.0.0.1:9/hook"}
          - {name: retrain, kind: retrain, url: "http://127.0.0.1:9/retrain", retrain_cooldown: 1h}
        rules:
          - name: canary-drift
            metric: drifted_feature_share
            op: ">="
            threshold: 0.5
            slices: versions
            receivers: [oncall, retrain]
          - name: whole-drift
            metric: drifted_feature_share
            op: ">="
            threshold: 0.5
            receivers: [oncall]
        """

    /// Window `index` of `slice` with PSI values per feature.
    static func window(_ index: Int, _ slice: SliceDescription?, psi: [String: Double]) -> SlicedWindow {
        SlicedWindow(window: WindowFactory.window(index, psi: psi), slice: slice)
    }

    static let v1 = SliceDescription(key: "model_version", value: "v1", referenceScope: .model)
    static let v2 = SliceDescription(key: "model_version", value: "v2", referenceScope: .model)
    static let eu = SliceDescription(key: "region", value: "eu", referenceScope: .model)

    @Test func eachCoveredSliceIsAnAlertOfItsOwn() throws {
        let calm = ["a": 0.01, "b": 0.02]
        let drifted = ["a": 0.5, "b": 0.6]
        let outcome = AlertEngine.evaluate(
            model: "shop", rules: try WindowFactory.rules(Self.rules).rules,
            windows: [WindowFactory.window(0, psi: calm)],
            sliceWindows: [
                Self.window(0, Self.v1, psi: calm), Self.window(0, Self.v2, psi: drifted),
                Self.window(0, Self.eu, psi: drifted),
            ],
            states: [:], now: WindowFactory.origin + WindowFactory.hour,
            repeatIntervalMilliseconds: 4 * WindowFactory.hour)
        let firing = outcome.changedStates.filter { $0.status == .firing }.map(\.key)
        #expect(firing == [AlertKey(rule: "canary-drift", model: "shop", feature: nil, slice: "model_version:v2")])
        // v1 has a state of its own, inactive; the segment slice is outside `versions`; the whole model's rule
        // does not look at slices.
        #expect(outcome.changedStates.contains { $0.key.slice == "model_version:v1" && $0.status == .inactive })
        #expect(!outcome.changedStates.contains { $0.key.slice == "region:eu" })
        #expect(outcome.changedStates.filter { $0.key.rule == "whole-drift" }.map(\.key.slice) == [nil])

        let group = try #require(outcome.groups.first)
        #expect(outcome.groups.count == 1 && group.slice == "model_version:v2")
        #expect(group.key == "canary-drift/shop/model_version:v2")
        let set = try WindowFactory.rules(Self.rules)
        let composer = NotificationComposer(settings: AlertingSettings(now: { 0 }))
        for receiver in ["oncall", "retrain"] {
            let target = try #require(set.receiver(named: receiver))
            let record = try #require(composer.outboxRecord(for: group, receiver: target, enqueuedAt: 0))
            let parsed = try JSONSerialization.jsonObject(with: Data(record.body.utf8))
            let body = try #require(parsed as? [String: Any])
            let alerts = try #require(body["alerts"] as? [[String: Any]])
            #expect((alerts.first?["labels"] as? [String: String])?["slice"] == "model_version:v2", "\(receiver)")
            if receiver == "retrain" {
                #expect((body["retrain"] as? [String: Any])?["slice"] as? String == "model_version:v2")
            }
        }
    }

    @Test func aStoredSliceAlertKeepsItsSlice() throws {
        let key = AlertKey(rule: "canary-drift", model: "shop", feature: "a", slice: "region:eu")
        let state = AlertState.initial(key)
        #expect(AlertState(record: state.record)?.key == key)
        #expect(state.record.slice == "region:eu")
        #expect(
            AlertState(record: AlertState.initial(AlertKey(rule: "r", model: "m", feature: nil)).record)?.key.slice
                == nil)
    }
}
