public import DriftEvaluation
public import DriftStats

/// A model's health at a glance, as the index page shows it.
public enum ModelStatus: String, Sendable, Equatable, CaseIterable {
    /// Evaluated, no drift beyond the rule, performance within its margin, no firing alert.
    case ok
    /// Many features drifted in the latest complete window, or an alert is firing.
    case drifting
    /// The latest measured performance is worse than the reference's by more than the margin.
    case degraded
    /// No window has been evaluated.
    case noData = "no data"
}

/// The status and the sentence that explains it.
public struct StatusAssessment: Sendable, Equatable {
    public var status: ModelStatus
    /// Why, in words: which window, which number, which limit.
    public var reason: String
}

/// The rule that decides a model's status (also in dashboards/README.md). In order, the first that
/// applies wins:
/// 1. **no data** — no window has been evaluated;
/// 2. **degraded** — in the latest window whose performance was measured on at least
///    ``minimumLabelled`` labelled events, accuracy (binary and multiclass) is more than
///    ``accuracyMargin`` (absolute) below the reference's accuracy, or, for regression, RMSE is more than
///    ``rmseMargin`` (relative) above the reference's RMSE. The reference is the window's own baseline
///    (the reference version it was evaluated against);
/// 3. **drifting** — the latest complete (not partial) window has a drifted-feature share of at least
///    ``driftedShareThreshold``, or any alert of the model is firing;
/// 4. **ok** otherwise.
///
/// Degraded wins over drifting: lost accuracy is the harm, drift only its usual cause.
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

    public init(
        driftedShareThreshold: Double = 0.3, accuracyMargin: Double = 0.05, rmseMargin: Double = 0.2,
        minimumLabelled: Int = 30
    ) {
        self.driftedShareThreshold = driftedShareThreshold
        self.accuracyMargin = accuracyMargin
        self.rmseMargin = rmseMargin
        self.minimumLabelled = minimumLabelled
    }

    /// The status of a model.
    /// - Parameters:
    ///   - windows: its evaluated windows, oldest first (only the latest few matter).
    ///   - fallbackReference: the performance baseline for windows that carry none (the latest
    ///     reference's).
    ///   - firingAlerts: names of its alerts that are firing now.
    public func assess(
        windows: [WindowResult], fallbackReference: PerformanceMetrics? = nil, firingAlerts: [String] = []
    ) -> StatusAssessment {
        guard !windows.isEmpty else {
            return StatusAssessment(status: .noData, reason: "No window has been evaluated yet.")
        }
        if let measured = windows.last(where: { ($0.statistics.performance?.count ?? 0) >= minimumLabelled }),
            let performance = measured.statistics.performance,
            let reference = measured.statistics.referencePerformance ?? fallbackReference,
            let reason = degradation(performance, reference: reference, window: measured)
        {
            return StatusAssessment(status: .degraded, reason: reason)
        }
        if let complete = windows.last(where: { !$0.partial }),
            complete.statistics.driftedFeatureShare >= driftedShareThreshold
        {
            return StatusAssessment(
                status: .drifting,
                reason:
                    "\(TextFormat.percent(complete.statistics.driftedFeatureShare)) of features drifted in the window of \(TextFormat.time(complete.start)) (drifting from \(TextFormat.percent(driftedShareThreshold)))."
                    + (firingAlerts.isEmpty ? "" : " Firing: \(firingAlerts.joined(separator: ", ")).")
            )
        }
        if !firingAlerts.isEmpty {
            return StatusAssessment(status: .drifting, reason: "Firing: \(firingAlerts.joined(separator: ", ")).")
        }
        return StatusAssessment(status: .ok, reason: "No drift beyond the rule and performance within its margin.")
    }

    /// A sentence if `performance` is worse than `reference` by more than the margin, else nil.
    func degradation(_ performance: PerformanceMetrics, reference: PerformanceMetrics, window: WindowResult) -> String?
    {
        let when = "in the window of \(TextFormat.time(window.start)) (\(performance.count) labelled)"
        switch (performance, reference) {
        case (.regression(let current), .regression(let baseline)):
            guard current.rmse > baseline.rmse * (1 + rmseMargin) else { return nil }
            return
                "RMSE \(TextFormat.number(current.rmse)) \(when) is more than \(TextFormat.percent(rmseMargin)) above the reference's \(TextFormat.number(baseline.rmse))."
        default:
            guard let accuracy = performance.classifierAccuracy, let baseline = reference.classifierAccuracy,
                accuracy < baseline - accuracyMargin
            else { return nil }
            return
                "Accuracy \(TextFormat.number(accuracy)) \(when) is more than \(TextFormat.number(accuracyMargin)) below the reference's \(TextFormat.number(baseline))."
        }
    }
}

extension PerformanceMetrics {
    /// Accuracy of a classifier; nil for regression.
    var classifierAccuracy: Double? {
        switch self {
        case .binary(let metrics): metrics.accuracy
        case .multiclass(let metrics): metrics.accuracy
        case .regression: nil
        }
    }
}
