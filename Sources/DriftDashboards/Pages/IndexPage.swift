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
        /// The latest accuracy, or `RMSE x` for regression, for the compact row.
        var rowMetric: String
    }

    /// A link to the list of one status (or of all models) with its count.
    struct StatusLink: Sendable {
        var text: String
        var href: String
        var statusClass: String
        var current: Bool
    }

    /// The template's view.
    struct View {
        var pageTitle: String
        var css: String
        var generatedAt: String
        var crumb: String
        var heading: String
        var summary: String
        var hasModels: Bool
        var statusLinks: [StatusLink]
        var hasCards: Bool
        var hasRows: Bool
        var models: [Entry]
        var more: String?
        var hasPager: Bool
        var previous: String?
        var next: String?
        var pageText: String
        var emptyText: String
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
            reason: assessment.sentence,
            lastWindow: last.map { TextFormat.time($0.start) + ($0.partial ? " (partial)" : "") } ?? "none",
            lastEvents: last.map { TextFormat.grouped($0.statistics.count) } ?? "–", firingCount: firing.count,
            hasFiring: !firing.isEmpty, firingNames: firing.joined(separator: ", "), latestDrift: "–", driftSpark: "",
            metricName: snapshot.task == .regression ? "RMSE" : "Accuracy", latestMetric: "–", metricSpark: "",
            rowMetric: "–")
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
        entry.rowMetric =
            present.last.map { (snapshot.task == .regression ? "RMSE " : "") + TextFormat.number($0) } ?? "–"
        return entry
    }

    /// The lists of models (the index last): `index.html` with every model, problems first (degraded,
    /// drifting, no traffic, ok, no data; by name within a status), and one list per status
    /// (``SitePaths/statusList(_:page:)``),
    /// each cut into pages of at most ``DashboardOptions/maxIndexRows`` models so that no page grows with
    /// the fleet. With at most ``DashboardOptions/maxIndexCards`` models the index shows cards with
    /// sparklines; with more, one compact table row per model.
    static func pages(entries: [Entry], templates: DashboardTemplates, options: DashboardOptions, now: Int64)
        -> [(path: String, html: String)]
    {
        let sorted = entries.sorted {
            ($0.status.problemRank, $0.name) < ($1.status.problemRank, $1.name)
        }
        var byStatus: [ModelStatus: [Entry]] = [:]
        for entry in sorted { byStatus[entry.status, default: []].append(entry) }
        let cards = entries.count <= options.maxIndexCards
        let limit = options.maxIndexRows
        func links(current: ModelStatus?) -> [StatusLink] {
            var links = [
                StatusLink(
                    text: "all \(TextFormat.grouped(entries.count))", href: SitePaths.index, statusClass: "st-all",
                    current: current == nil)
            ]
            for status in ModelStatus.problemsFirst {
                let count = byStatus[status]?.count ?? 0
                guard count > 0 else { continue }
                let badge = StatusBadge(status)
                links.append(
                    StatusLink(
                        text: "\(badge.statusSymbol) \(TextFormat.grouped(count)) \(status.label)",
                        href: SitePaths.statusList(status, page: 1), statusClass: badge.statusClass,
                        current: current == status))
            }
            return links
        }
        let rule = options.statusRule.explanation
        func view(
            crumb: String, heading: String, summary: String, models: [Entry], current: ModelStatus?, more: String?,
            pager: (previous: String?, next: String?, text: String)?
        ) -> String {
            templates.render(
                "index",
                View(
                    pageTitle: "Driftwatch: \(heading.lowercased())", css: templates.css,
                    generatedAt: TextFormat.instant(now), crumb: crumb, heading: heading, summary: summary,
                    hasModels: !models.isEmpty, statusLinks: links(current: current),
                    hasCards: cards && current == nil && !models.isEmpty,
                    hasRows: !(cards && current == nil) && !models.isEmpty,
                    models: models, more: more, hasPager: pager != nil, previous: pager?.previous, next: pager?.next,
                    pageText: pager?.text ?? "",
                    emptyText:
                        "No model has a reference yet. Upload one with PUT /v1/models/NAME/reference, then render again.",
                    statusRule: rule))
        }
        let counts = ModelStatus.problemsFirst.compactMap { status -> String? in
            let count = byStatus[status]?.count ?? 0
            return count > 0 ? "\(TextFormat.grouped(count)) \(status.label)" : nil
        }
        let summary =
            entries.isEmpty
            ? "No models yet."
            : "\(TextFormat.grouped(entries.count)) model\(entries.count == 1 ? "" : "s"), problems first: "
                + counts.joined(separator: ", ") + "."
        let shown = Array(sorted.prefix(limit))
        let more =
            sorted.count > limit
            ? "Showing the first \(TextFormat.grouped(limit)) of \(TextFormat.grouped(sorted.count)) models, problems first; the lists by status above have them all."
            : nil
        var pages: [(path: String, html: String)] = []
        for status in ModelStatus.problemsFirst {
            guard let list = byStatus[status], !list.isEmpty else { continue }
            let pageCount = (list.count + limit - 1) / limit
            for page in 1...pageCount {
                let slice = Array(list[((page - 1) * limit)..<min(page * limit, list.count)])
                let heading = "Models: \(status.label)"
                pages.append(
                    (
                        SitePaths.statusList(status, page: page),
                        view(
                            crumb: "Models: \(status.label)", heading: heading,
                            summary:
                                "\(TextFormat.grouped(list.count)) model\(list.count == 1 ? "" : "s") \(status.label), by name.",
                            models: slice, current: status, more: nil,
                            pager: pageCount == 1
                                ? nil
                                : (
                                    page > 1 ? SitePaths.statusList(status, page: page - 1) : nil,
                                    page < pageCount ? SitePaths.statusList(status, page: page + 1) : nil,
                                    "page \(page) of \(pageCount)"
                                ))
                    ))
            }
        }
        // The index last, after the pages it links to.
        pages.append(
            (
                SitePaths.index,
                view(
                    crumb: "Models", heading: "Models", summary: summary, models: shown, current: nil, more: more,
                    pager: nil)
            ))
        return pages
    }
}
