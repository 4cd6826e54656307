public import DriftCore
public import DriftStats

/// The status of a model and what decided it.
public struct StatusAssessment: Sendable, Equatable {
    public var status: ModelStatus
    /// What decided it, as values (the dashboards put it into words).
    public var reason: StatusReason

    public init(status: ModelStatus, reason: StatusReason) {
        self.status = status
        self.reason = reason
    }
}

/// Why a model has its status: the window, the number and the limit that decided it.
public enum StatusReason: Sendable, Equatable {
    /// No window has been evaluated.
    case noWindows
    /// The latest complete window (starting at `windowStart`) has no events; earlier traffic was seen.
    case silent(windowStart: Int64)
    /// Accuracy in the window starting at `windowStart`, measured on `labelled` events, is more than
    /// `margin` below the reference's `baseline`.
    case accuracyBelow(accuracy: Double, baseline: Double, margin: Double, windowStart: Int64, labelled: Int)
    /// RMSE in the window starting at `windowStart` is more than `margin` (relative) above `baseline`.
    case rmseAbove(rmse: Double, baseline: Double, margin: Double, windowStart: Int64, labelled: Int)
    /// `share` of the features drifted in the latest complete window, at or above `threshold`;
    /// `firing` names the model's firing alerts, if any.
    case drifted(share: Double, threshold: Double, windowStart: Int64, firing: [String])
    /// Alerts of the model are firing.
    case firing([String])
    /// Nothing beyond the rule.
    case healthy
}

/// The one rule that decides a model's status, for the API (`status` on `GET /v1/models`) and the
/// dashboards alike. In order, the first that applies wins:
/// 1. **no_data** — no window has been evaluated;
/// 2. **no_traffic** — the latest complete (not partial) window has no events although earlier traffic
///    was seen (an earlier window in view had events, or the model has stored events);
/// 3. **degraded** — in the latest window (of the latest ``lookbackWindows`` window slots) whose
///    performance was measured on at least ``minimumLabelled`` labelled events, accuracy (binary and
///    multiclass) is more than ``accuracyMargin`` (absolute) below the reference's, or, for regression,
///    RMSE is more than ``rmseMargin`` (relative) above the reference's. The reference is the window's own
///    baseline (the reference version it was evaluated against), else the latest reference's;
/// 4. **drifting** — the latest complete window has a drifted-feature share of at least
///    ``driftedShareThreshold``, or an alert of the model is firing;
/// 5. **ok** otherwise.
///
/// Silence wins over degradation: with no events there is nothing new to measure. Degraded wins over
/// drifting: lost accuracy is the harm, drift only its usual cause. Only the latest ``lookbackWindows``
/// window slots are read, so the API can afford the rule for every model of a large fleet.
public struct StatusRule: Sendable, Equatable {
    /// Drifted features / features with a decision at or above which a model is drifting (0.3).
    public var driftedShareThreshold: Double
    /// How far accuracy may fall below the reference before the model is degraded (0.05, i.e. five
    /// percentage points).
    public var accuracyMargin: Double
    /// How much RMSE may grow over the reference before a regression model is degraded (0.2, i.e. 20 %).
    public var rmseMargin: Double
    /// Windows with fewer labelled predictions than this (30) are passed over when looking for the
    /// latest performance: a handful of labels says little about accuracy.
    public var minimumLabelled: Int
    /// Window slots, counted back from the latest evaluated window, that the rule looks at (48: two days
    /// of hourly windows). A performance measured before them is too old to call the model degraded.
    public var lookbackWindows: Int

    public init(
        driftedShareThreshold: Double = 0.3, accuracyMargin: Double = 0.05, rmseMargin: Double = 0.2,
        minimumLabelled: Int = 30, lookbackWindows: Int = 48
    ) {
        self.driftedShareThreshold = driftedShareThreshold
        self.accuracyMargin = accuracyMargin
        self.rmseMargin = rmseMargin
        self.minimumLabelled = minimumLabelled
        self.lookbackWindows = max(lookbackWindows, 1)
    }

    /// The earliest window start the rule reads when the latest evaluated window is `latest`.
    public func lookbackStart(latest: Int64, windowMilliseconds: Int64) -> Int64 {
        let (span, overflow) = Int64(lookbackWindows - 1).multipliedReportingOverflow(by: max(windowMilliseconds, 1))
        guard !overflow else { return .min }
        let (start, underflow) = latest.subtractingReportingOverflow(span)
        return underflow ? .min : start
    }

    /// The status of a model.
    /// - Parameters:
    ///   - windows: its evaluated windows, oldest first; those before the latest ``lookbackWindows``
    ///     slots are ignored.
    ///   - fallbackReference: the performance baseline for windows that carry none (the latest
    ///     reference's).
    ///   - firingAlerts: names of its alerts that are firing now.
    ///   - storedEvents: events ever stored for the model (its counter); > 0 is evidence of earlier
    ///     traffic when the windows in view are all empty.
    public func assess(
        windows all: [WindowResult], fallbackReference: PerformanceMetrics? = nil, firingAlerts: [String] = [],
        storedEvents: Int = 0
    ) -> StatusAssessment {
        guard let latest = all.last else { return StatusAssessment(status: .noData, reason: .noWindows) }
        let from = lookbackStart(latest: latest.start, windowMilliseconds: latest.end - latest.start)
        let windows = all.filter { $0.start >= from }
        let complete = windows.last { !$0.partial }
        if let complete, complete.statistics.count == 0,
            storedEvents > 0 || windows.contains(where: { $0.statistics.count > 0 && $0.start < complete.start })
        {
            return StatusAssessment(status: .noTraffic, reason: .silent(windowStart: complete.start))
        }
        if let measured = windows.last(where: { ($0.statistics.performance?.count ?? 0) >= minimumLabelled }),
            let performance = measured.statistics.performance,
            let reference = measured.statistics.referencePerformance ?? fallbackReference,
            let reason = degradation(performance, reference: reference, window: measured)
        {
            return StatusAssessment(status: .degraded, reason: reason)
        }
        if let complete, complete.statistics.driftedFeatureShare >= driftedShareThreshold {
            return StatusAssessment(
                status: .drifting,
                reason: .drifted(
                    share: complete.statistics.driftedFeatureShare, threshold: driftedShareThreshold,
                    windowStart: complete.start, firing: firingAlerts))
        }
        if !firingAlerts.isEmpty {
            return StatusAssessment(status: .drifting, reason: .firing(firingAlerts))
        }
        return StatusAssessment(status: .ok, reason: .healthy)
    }

    /// The reason if `performance` is worse than `reference` by more than the margin, else nil.
    func degradation(_ performance: PerformanceMetrics, reference: PerformanceMetrics, window: WindowResult)
        -> StatusReason?
    {
        switch (performance, reference) {
        case (.regression(let current), .regression(let baseline)):
            guard current.rmse > baseline.rmse * (1 + rmseMargin) else { return nil }
            return .rmseAbove(
                rmse: current.rmse, baseline: baseline.rmse, margin: rmseMargin, windowStart: window.start,
                labelled: performance.count)
        default:
            guard let accuracy = performance.classifierAccuracy, let baseline = reference.classifierAccuracy,
                accuracy < baseline - accuracyMargin
            else { return nil }
            return .accuracyBelow(
                accuracy: accuracy, baseline: baseline, margin: accuracyMargin, windowStart: window.start,
                labelled: performance.count)
        }
    }
}

extension PerformanceMetrics {
    /// Accuracy of a classifier; nil for regression.
    public var classifierAccuracy: Double? {
        switch self {
        case .binary(let metrics): metrics.accuracy
        case .multiclass(let metrics): metrics.accuracy
        case .regression: nil
        }
    }
}
