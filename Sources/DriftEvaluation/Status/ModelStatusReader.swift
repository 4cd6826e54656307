public import DriftCore

/// Reads what ``StatusRule`` needs from the store — the windows of the latest
/// ``StatusRule/lookbackWindows`` slots and the firing alerts — and assesses each model, remembering the
/// answer until the model's ``ModelChangeStamp`` changes, so that listing a large fleet decodes the
/// windows only of models that changed since the last listing.
///
/// The API's `status` comes from here; the dashboards apply the same rule to the windows they load
/// (`DashboardSite`), so both agree.
public final class ModelStatusReader: Sendable {
    public let store: any StoragePort
    public let rule: StatusRule
    private let remembered = Locked<[String: (stamp: ModelChangeStamp, assessment: StatusAssessment)]>([:])

    public init(store: any StoragePort, rule: StatusRule = StatusRule()) {
        self.store = store
        self.rule = rule
    }

    /// The assessment of each named model (unknown names are left out).
    /// - Parameter models: names and the events ever stored for each (the `event_count` counter).
    /// - Throws: ``EvaluationError/Code/store`` or ``EvaluationError/Code/corruptResult``.
    public func assessments(of models: [(name: ModelName, storedEvents: Int)]) throws(EvaluationError)
        -> [String: StatusAssessment]
    {
        let stamps = try EvaluationError.store { () throws(StoreError) in try store.modelChangeStamps() }
        var firing: [String: [String]]?
        var result: [String: StatusAssessment] = [:]
        for (model, storedEvents) in models {
            guard let stamp = stamps[model.rawValue] else { continue }
            if let known = remembered.withLock({ $0[model.rawValue] }), known.stamp == stamp {
                result[model.rawValue] = known.assessment
                continue
            }
            if firing == nil { firing = try firingAlerts() }
            let assessment = try assess(
                model, stamp: stamp, storedEvents: storedEvents, firing: firing?[model.rawValue] ?? [])
            remembered.withLock { $0[model.rawValue] = (stamp, assessment) }
            result[model.rawValue] = assessment
        }
        return result
    }

    private func assess(_ model: ModelName, stamp: ModelChangeStamp, storedEvents: Int, firing: [String])
        throws(EvaluationError) -> StatusAssessment
    {
        guard let latest = stamp.latestWindowStart else { return rule.assess(windows: []) }
        let last = try store.evaluatedWindows(model: model, from: latest, to: latest + 1)
        let windowMilliseconds = last.last.map { $0.end - $0.start } ?? 1
        let from = rule.lookbackStart(latest: latest, windowMilliseconds: windowMilliseconds)
        let windows = try store.evaluatedWindows(model: model, from: from).filter { $0.start >= from }
        return rule.assess(windows: windows, firingAlerts: firing, storedEvents: storedEvents)
    }

    /// Names of firing alerts by model (`rule`, or `rule · feature`, then `[KEY:VALUE]` for a slice's), as
    /// the dashboards name them.
    private func firingAlerts() throws(EvaluationError) -> [String: [String]] {
        let states = try EvaluationError.store { () throws(StoreError) in try store.alertStates() }
        var names: [String: [String]] = [:]
        for state in states where state.state == "firing" {
            let name = state.feature.isEmpty ? state.rule : "\(state.rule) · \(state.feature)"
            names[state.model, default: []].append(state.slice.isEmpty ? name : "\(name) [\(state.slice)]")
        }
        return names.mapValues { $0.sorted() }
    }
}
