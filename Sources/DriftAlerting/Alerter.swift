public import DriftCore
public import DriftEvaluation

/// What one alert pass did, for logs and metrics.
public struct AlertPassReport: Sendable, Equatable {
    /// Status changes, in order.
    public var transitions: [AlertTransition] = []
    /// Notifications queued in the outbox.
    public var queued: Int = 0
    /// Retrain triggers not queued because the receiver's cooldown had not passed.
    public var suppressedByCooldown: Int = 0

    public init() {}
}

/// Runs the alert rules over each model's newly evaluated windows and stores the outcome: the new alert
/// states, the timeline and the notifications, in **one transaction** per model, so a notification is
/// in the outbox if and only if the state change that caused it is stored.
///
/// Which windows: in steady state, the windows the evaluation pass has just produced, handed over in
/// memory (``evaluateAll(freshWindows:)``), so nothing is read back or decoded again. After a start or a
/// failed pass, the complete windows evaluated since each model's stored alert cursor (a catch-up; see
/// ``AlertEngine`` for why feeding a window twice is harmless). Retrain receivers get at most one trigger per
/// model per `retrain_cooldown` of evaluation time.
public struct Alerter: Sendable {
    public let store: any StoragePort
    public let rules: RuleBook
    public let composer: NotificationComposer
    /// Wall-clock time in milliseconds, stamped on queued notifications (delivery runs on it).
    public let wallClock: @Sendable () -> Int64

    public init(
        store: any StoragePort, rules: RuleBook, settings: AlertingSettings, wallClock: @escaping @Sendable () -> Int64
    ) {
        self.store = store
        self.rules = rules
        self.composer = NotificationComposer(settings: settings)
        self.wallClock = wallClock
    }

    /// One pass over every model in the store.
    ///
    /// - Parameter freshWindows: the windows the evaluation pass just evaluated, by model; a model absent
    ///   from it has no new windows (its repeats are still checked). Nil reads each model's windows from
    ///   its alert cursor instead (the catch-up after a start or a failed pass).
    public func evaluateAll(freshWindows: [ModelName: [WindowResult]]? = nil) throws(AlertingError) -> AlertPassReport {
        let models: [ModelRecord]
        do { models = try store.models() } catch { throw AlertingError(error) }
        var report = AlertPassReport()
        for model in models {
            // Replicas sharing a store run a model's rules one at a time; a model another one holds is skipped.
            let claimed: Result<AlertPassReport, AlertingError>?
            do {
                claimed = try store.exclusively("alert:\(model.name)") {
                    Result { () throws(AlertingError) in
                        try evaluate(model: model.name, windows: freshWindows.map { $0[model.name] ?? [] })
                    }
                }
            } catch { throw AlertingError(error) }
            guard let claimed else { continue }
            let one = try claimed.get()
            report.transitions += one.transitions
            report.queued += one.queued
            report.suppressedByCooldown += one.suppressedByCooldown
        }
        return report
    }

    /// One pass over `model`, on `windows` (nil: the complete windows evaluated since its alert cursor).
    public func evaluate(model: ModelName, windows given: [WindowResult]? = nil) throws(AlertingError)
        -> AlertPassReport
    {
        let ruleSet = rules.rules
        let name = model.rawValue
        let now = composer.settings.now()
        var report = AlertPassReport()
        let windows: [WindowResult]
        let stored: [AlertStateRecord]
        var sliceWindows: [SlicedWindow] = []
        // Slice windows are read only when a rule of this model watches slices (API.md, "Slices").
        let watchesSlices = ruleSet.rules.contains { $0.slices != .whole && $0.model.matches(name) }
        do {
            stored = try store.alertStates(model: name)
            if let given {
                windows = given.filter { !$0.partial }
                // Slices are evaluated and saved with their window, at the same evaluation time.
                if watchesSlices, let since = windows.map(\.evaluatedAt).min() {
                    sliceWindows = try store.finalSliceWindows(model: model, evaluatedSince: since)
                }
            } else {
                let cursor = try store.alertCursor(model: name) ?? Int64.min
                windows = try store.finalWindows(model: model, evaluatedSince: cursor)
                if watchesSlices { sliceWindows = try store.finalSliceWindows(model: model, evaluatedSince: cursor) }
            }
        } catch let error as StoreError {
            throw AlertingError(error)
        } catch {
            throw AlertingError(.store, "\(error)")
        }
        var states: [AlertKey: AlertState] = [:]
        for record in stored {
            if let state = AlertState(record: record) { states[state.key] = state }
        }
        let evaluation = AlertEngine.evaluate(
            model: name, rules: ruleSet.rules, windows: windows, sliceWindows: sliceWindows, states: states, now: now,
            repeatIntervalMilliseconds: composer.settings.repeatIntervalMilliseconds)
        var commit = AlertCommit(
            states: evaluation.changedStates.map(\.record),
            transitions: evaluation.transitions.map { step in
                var record = AlertTransitionRecord(
                    rule: step.key.rule, model: name, feature: step.key.feature ?? "", state: step.status.rawValue,
                    at: step.at, value: step.value.isFinite ? step.value : nil, windowStart: step.windowStart,
                    windowEnd: step.windowEnd)
                record.slice = step.key.slice ?? ""
                return record
            })
        if let newest = (windows.map(\.evaluatedAt) + sliceWindows.map(\.window.evaluatedAt)).max() {
            commit.cursors[name] = newest
        }
        var retrainQueuedAt: [String: Int64] = [:]
        let enqueuedAt = wallClock()
        for group in evaluation.groups {
            for receiverName in group.rule.receivers {
                guard let receiver = ruleSet.receiver(named: receiverName) else { continue }
                if receiver.kind == .retrain {
                    // A retrain trigger is a transition to firing: never a resolution, never a repeat.
                    guard group.status == .firing, !group.isRepeat else { continue }
                    let cooldown = (receiver.retrainCooldown ?? Receiver.defaultRetrainCooldown).wholeMilliseconds
                    var last = retrainQueuedAt[receiver.name]
                    if last == nil {
                        do {
                            last = try store.lastNotificationCreatedAt(
                                model: name, kind: "retrain", receiver: receiver.name)
                        } catch {
                            throw AlertingError(error)
                        }
                    }
                    if let last, group.createdAt - last < cooldown {
                        report.suppressedByCooldown += 1
                        continue
                    }
                    retrainQueuedAt[receiver.name] = group.createdAt
                }
                if let record = composer.outboxRecord(for: group, receiver: receiver, enqueuedAt: enqueuedAt) {
                    commit.notifications.append(record)
                }
            }
        }
        do { try store.commitAlerts(commit) } catch { throw AlertingError(error) }
        report.transitions = evaluation.transitions
        report.queued = commit.notifications.count
        return report
    }
}
