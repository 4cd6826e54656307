/// One consumed window's value for one alert: what the state machine steps on.
public struct AlertObservation: Sendable, Equatable {
    /// The window [start, end) in milliseconds.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// The compared value (the metric, minus the baseline when the rule has one).
    public var value: Double
    /// Whether `value op threshold` holds.
    public var breached: Bool

    public init(windowStart: Int64, windowEnd: Int64, value: Double, breached: Bool) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.value = value
        self.breached = breached
    }
}

/// The alert state machine (API.md, "Alert rules"), a pure function of the previous state, one
/// window's observation and the rule's `for`:
///
/// | from \ window       | breaches, count < for | breaches, count ≥ for | does not breach |
/// |---------------------|-----------------------|-----------------------|-----------------|
/// | inactive / resolved | pending               | firing                | unchanged       |
/// | pending             | pending               | firing                | inactive        |
/// | firing              | —                     | firing                | resolved        |
///
/// `count` is the number of consecutive breaching windows including this one, so `for: 1` fires on
/// the first breach (as Prometheus does with `for: 0`). Flapping is damped only by `for`: a rule with
/// `for: 1` fires and resolves with its metric; `for: 2` or more ignores single-window spikes.
public enum AlertStateMachine {
    /// The state after consuming `observation` at evaluation time `now`, and the status entered, if it
    /// changed. A window at or before `state.lastWindowStart` is ignored (returns the state unchanged).
    public static func step(
        _ state: AlertState, observation: AlertObservation, forWindows: Int, now: Int64
    ) -> (state: AlertState, entered: AlertStatus?) {
        if let last = state.lastWindowStart, observation.windowStart <= last { return (state, nil) }
        var next = state
        next.lastWindowStart = observation.windowStart
        next.lastWindowEnd = observation.windowEnd
        next.value = observation.value
        next.updatedAt = now
        var entered: AlertStatus?
        if observation.breached {
            next.breaches += 1
            if next.breaches == 1 { next.activeSince = observation.windowStart }
            switch state.status {
            case .inactive, .resolved, .pending:
                entered = next.breaches >= max(1, forWindows) ? .firing : (state.status == .pending ? nil : .pending)
            case .firing:
                entered = nil
            }
            if entered == .firing { next.firedAt = now }
        } else {
            next.breaches = 0
            next.activeSince = nil
            switch state.status {
            case .pending: entered = .inactive
            case .firing:
                entered = .resolved
                next.resolvedAt = now
            case .inactive, .resolved: entered = nil
            }
        }
        if let entered { next.status = entered }
        return (next, entered)
    }

    /// Whether a firing alert is due to be notified again: `repeatInterval` has passed since its last
    /// notification.
    public static func isRepeatDue(_ state: AlertState, now: Int64, repeatIntervalMilliseconds: Int64) -> Bool {
        guard state.status == .firing, let last = state.lastNotifiedAt else { return false }
        return now - last >= repeatIntervalMilliseconds
    }
}
