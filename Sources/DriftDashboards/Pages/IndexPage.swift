import DriftCore
import DriftEvaluation
import DriftStats

/// The index page: every model with its status, latest window, firing alerts, and sparklines of the
/// drifted-feature share and of accuracy (RMSE for regression).
struct IndexPage {
    /// One model's card; made from its snapshot while the model's own pages are rendered, so that the
    /// snapshot need not be kept for the index.
    struct Entry: Sendable {
        var name: String
        var href: String
        var statusClass: String
        var statusSymbol: String
        var statusLabel: String
        var status: ModelStatus
        var reason: String
        var lastWindow: String
        var lastEvents: String
        var firingCount: Int
        var hasFiring: Bool
        var firingNames: String
        var latestDrift: String
        var driftSpark: String
        var metricName: String
        var latestMetric: String
        var metricSpark: String
    }

    /// The template's view.
    struct View {
        var pageTitle: String
        var css: String
        var generatedAt: String
        var summary: String
        var hasModels: Bool
        var models: [Entry]
        var statusRule: String
    }

    /// The card of one model.
    static func entry(_ snapshot: ModelSnapshot, assessment: StatusAssessment, options: DashboardOptions) -> Entry {
        let badge = StatusBadge(assessment.status)
        let firing = snapshot.alerts.firingAlertNames
        let last = snapshot.windows.last
        var entry = Entry(
            name: snapshot.name.rawValue, href: SitePaths.model(snapshot.name.rawValue), statusClass: badge.statusClass,
            statusSymbol: badge.statusSymbol, statusLabel: badge.statusLabel, status: assessment.status,
            reason: assessment.reason,
            lastWindow: last.map { TextFormat.time($0.start) + ($0.partial ? " (partial)" : "") } ?? "none",
            lastEvents: last.map { TextFormat.grouped($0.statistics.count) } ?? "–", firingCount: firing.count,
            hasFiring: !firing.isEmpty, firingNames: firing.joined(separator: ", "), latestDrift: "–", driftSpark: "",
            metricName: snapshot.task == .regression ? "RMSE" : "Accuracy", latestMetric: "–", metricSpark: "")
        guard let axis = snapshot.axis else { return entry }
        let count = min(options.sparklineWindows, axis.slots)
        let recent = TimeAxis(start: axis.start + Int64(axis.slots - count) * axis.step, step: axis.step, slots: count)
        let windows = snapshot.windows.filter { $0.start >= recent.start }
        let drift = SlotSeries.values(windows, axis: recent) { $0.statistics.driftedFeatureShare }
        let rule = options.statusRule
        entry.driftSpark = Sparkline(
            title: "Drifted-feature share", values: drift, scale: .linear(min: 0, max: 1),
            reference: (rule.driftedShareThreshold, "drifting from"), color: 1, format: TextFormat.percent
        ).svg()
        entry.latestDrift = SlotSeries.present(drift).last.map(TextFormat.percent) ?? "–"
        let metric = SlotSeries.values(windows, axis: recent) { window in
            guard let performance = window.statistics.performance, performance.count > 0 else { return nil }
            return snapshot.task == .regression ? performance.values["rmse"] : performance.classifierAccuracy
        }
        let present = SlotSeries.present(metric)
        let baseline =
            snapshot.task == .regression
            ? (last?.statistics.referencePerformance ?? snapshot.referencePerformance)?.values["rmse"]
            : (last?.statistics.referencePerformance ?? snapshot.referencePerformance)?.classifierAccuracy
        let bounds = present + (baseline.map { [$0] } ?? [])
        entry.metricSpark = Sparkline(
            title: entry.metricName, values: metric,
            scale: .nice(low: bounds.min() ?? 0, high: bounds.max() ?? 1, ticks: 2),
            reference: baseline.map { ($0, "reference") }, color: 0
        ).svg()
        entry.latestMetric = present.last.map(TextFormat.number) ?? "no labels"
        return entry
    }

    /// The page, from the cards of every model (sorted by name).
    static func render(entries: [Entry], templates: DashboardTemplates, options: DashboardOptions, now: Int64) -> String
    {
        let counts = ModelStatus.allCases.compactMap { status -> String? in
            let count = entries.filter { $0.status == status }.count
            return count > 0 ? "\(count) \(status.rawValue)" : nil
        }
        let summary =
            entries.isEmpty
            ? "No models yet."
            : "\(entries.count) model\(entries.count == 1 ? "" : "s"): " + counts.joined(separator: ", ") + "."
        let view = View(
            pageTitle: "Driftwatch: models", css: templates.css, generatedAt: TextFormat.instant(now), summary: summary,
            hasModels: !entries.isEmpty, models: entries, statusRule: options.statusRule.explanation)
        return templates.render("index", view)
    }
}
