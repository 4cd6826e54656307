public import DriftEvaluation

/// Everything one alert evaluation of one model decided: the alerts whose state changed, the timeline
/// steps, and the notification groups to send.
public struct AlertEvaluation: Sendable, Equatable {
    /// The new state of every alert that changed (consumed a window, changed status, or was notified).
    public var changedStates: [AlertState]
    /// Status changes in the order they happened.
    public var transitions: [AlertTransition]
    /// Notifications, one per (rule, model, window) with changes, then one per group due for a repeat.
    public var groups: [NotificationGroup]

    public init(changedStates: [AlertState] = [], transitions: [AlertTransition] = [], groups: [NotificationGroup] = [])
    {
        self.changedStates = changedStates
        self.transitions = transitions
        self.groups = groups
    }
}

/// One step of an alert's timeline.
public struct AlertTransition: Sendable, Equatable {
    public var key: AlertKey
    /// The status entered.
    public var status: AlertStatus
    /// Evaluation time (ms).
    public var at: Int64
    public var value: Double
    public var windowStart: Int64
    public var windowEnd: Int64

    public init(key: AlertKey, status: AlertStatus, at: Int64, value: Double, windowStart: Int64, windowEnd: Int64) {
        self.key = key
        self.status = status
        self.at = at
        self.value = value
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }
}

/// Applies rules to a model's newly evaluated windows: a pure function of the rules, the windows, the
/// previous alert states and the evaluation time.
///
/// Windows are consumed oldest first; each alert consumes each window at most once (see
/// ``AlertState/lastWindowStart``), so feeding a window again (a re-evaluation, or a restart before the
/// cursor moved) changes nothing for alerts that already consumed it, while alerts that had no value in
/// it (a performance metric before its labels arrived) consume it now. The alerts of one rule that
/// enter `firing` or `resolved` on the same window form one ``NotificationGroup``. After the windows,
/// each group with an alert still firing and not notified for `repeatInterval` gets a repeat
/// notification listing every firing alert of the group.
public enum AlertEngine {
    /// Evaluates `rules` (those whose model glob does not match `model` are skipped) on `windows`.
    ///
    /// - Parameters:
    ///   - windows: complete (not partial) windows of `model`, in any order.
    ///   - states: the stored states of `model`'s alerts.
    ///   - now: evaluation time in milliseconds.
    ///   - sliceWindows: complete windows of `model`'s slices; a rule consumes those its `slices:` scope
    ///     covers, each slice an alert of its own (API.md, "Slices").
    public static func evaluate(
        model: String, rules: [AlertRule], windows: [WindowResult], sliceWindows: [SlicedWindow] = [],
        states: [AlertKey: AlertState], now: Int64, repeatIntervalMilliseconds: Int64
    ) -> AlertEvaluation {
        let rules = rules.filter { $0.model.matches(model) }
        var current = states
        var changed: Set<AlertKey> = []
        var outcome = AlertEvaluation()
        var latestWindow: WindowResult?
        let items = (windows.map { ($0, nil as SliceDescription?) } + sliceWindows.map { ($0.window, $0.slice) })
            .filter { !$0.0.partial }
            .sorted { ($0.0.start, $0.1?.sliceKey.description ?? "") < ($1.0.start, $1.1?.sliceKey.description ?? "") }
        for (window, slice) in items {
            let sliceName = slice?.sliceKey.description
            if slice == nil { latestWindow = window }
            for rule in rules where rule.slices.covers(slice?.sliceKey) {
                var snapshots: [AlertSnapshot] = []
                let features: [String?] = rule.feature == nil ? [nil] : MetricReader.features(of: window, for: rule)
                for feature in features {
                    guard let (value, baseline) = MetricReader.value(of: rule, feature: feature, in: window) else {
                        continue
                    }
                    let key = AlertKey(rule: rule.name, model: model, feature: feature, slice: sliceName)
                    let before = current[key] ?? .initial(key)
                    let observation = AlertObservation(
                        windowStart: window.start, windowEnd: window.end, value: value,
                        breached: rule.op.breaches(value, threshold: rule.threshold))
                    let breachStart = before.activeSince ?? window.start
                    var (after, entered) = AlertStateMachine.step(
                        before, observation: observation, forWindows: rule.forWindows, now: now)
                    guard after != before else { continue }
                    after.baseline = baseline
                    if let entered {
                        outcome.transitions.append(
                            AlertTransition(
                                key: key, status: entered, at: now, value: value, windowStart: window.start,
                                windowEnd: window.end))
                    }
                    if entered == .firing || entered == .resolved {
                        if entered == .firing { after.lastNotifiedAt = now }
                        snapshots.append(
                            AlertSnapshot(
                                key: key, status: after.status, value: value, baseline: baseline,
                                startsAt: after.firedAt ?? now, endsAt: entered == .resolved ? now : nil,
                                windowStart: window.start, windowEnd: window.end, breachStart: breachStart))
                    }
                    current[key] = after
                    changed.insert(key)
                }
                if !snapshots.isEmpty {
                    var group = NotificationGroup(
                        rule: rule, model: model, windowStart: window.start, windowEnd: window.end,
                        referenceVersion: window.referenceVersion, alerts: snapshots, isRepeat: false,
                        driftedFeatures: driftedFeatures(of: window), createdAt: now)
                    group.slice = sliceName
                    outcome.groups.append(group)
                }
            }
        }
        let slicesOfRule = Dictionary(grouping: current.keys, by: \.rule).mapValues { Set($0.map(\.slice)) }
        for rule in rules {
            for sliceName in (slicesOfRule[rule.name] ?? [nil]).sorted(by: { ($0 ?? "") < ($1 ?? "") }) {
                // Alerts notified in this pass (they just fired) are not repeated in it.
                let firing = current.values.filter {
                    $0.key.rule == rule.name && $0.key.slice == sliceName && $0.status == .firing
                        && $0.lastNotifiedAt != now
                }.sorted { $0.key < $1.key }
                guard
                    firing.contains(where: {
                        AlertStateMachine.isRepeatDue(
                            $0, now: now, repeatIntervalMilliseconds: repeatIntervalMilliseconds)
                    })
                else { continue }
                var snapshots: [AlertSnapshot] = []
                for var state in firing {
                    let windowStart = state.lastWindowStart ?? 0
                    let windowEnd = state.lastWindowEnd ?? windowStart
                    snapshots.append(
                        AlertSnapshot(
                            key: state.key, status: .firing, value: state.value ?? .nan, baseline: state.baseline,
                            startsAt: state.firedAt ?? now, endsAt: nil, windowStart: windowStart, windowEnd: windowEnd,
                            breachStart: state.activeSince ?? windowStart))
                    state.lastNotifiedAt = now
                    current[state.key] = state
                    changed.insert(state.key)
                }
                let last = snapshots.max { $0.windowStart < $1.windowStart }
                var group = NotificationGroup(
                    rule: rule, model: model, windowStart: last?.windowStart ?? now, windowEnd: last?.windowEnd ?? now,
                    referenceVersion: latestWindow?.referenceVersion ?? 0, alerts: snapshots, isRepeat: true,
                    driftedFeatures: sliceName == nil ? latestWindow.map(driftedFeatures(of:)) ?? [] : [],
                    createdAt: now)
                group.slice = sliceName
                outcome.groups.append(group)
            }
        }
        outcome.changedStates = changed.sorted().compactMap { current[$0] }
        return outcome
    }

    /// The features that drifted in `window`, by name.
    static func driftedFeatures(of window: WindowResult) -> [DriftedFeature] {
        let statistics = window.statistics
        return statistics.features.filter { $0.value.drift == true }.sorted { $0.key < $1.key }.map { name, result in
            let score: Double? =
                switch statistics.driftMethod {
                case .psi: result.psi
                case .ks: result.ks?.pvalue ?? result.chi2?.pvalue
                case .chi2: result.chi2?.pvalue ?? result.ks?.pvalue
                case .js: result.jensenShannon
                case .wasserstein: result.wassersteinNormed ?? result.jensenShannon
                }
            return DriftedFeature(name: name, psi: result.psi, method: statistics.driftMethod.rawValue, score: score)
        }
    }
}
