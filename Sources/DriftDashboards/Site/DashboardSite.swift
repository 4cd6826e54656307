import DriftCore
import DriftEvaluation

/// The pure part of rendering: from a model's snapshot to its pages' HTML, and from the models' cards
/// to the index. No I/O and no clock (the render time comes in), so equal inputs give equal bytes.
struct DashboardSite: Sendable {
    let templates: DashboardTemplates
    let options: DashboardOptions

    /// A page's path, kind and HTML.
    struct Page: Sendable {
        var path: String
        var kind: PageKind
        var html: String
    }

    /// The status of a snapshot's model under the options' rule.
    func assess(_ snapshot: ModelSnapshot) -> StatusAssessment {
        options.statusRule.assess(
            windows: snapshot.windows, fallbackReference: snapshot.referencePerformance,
            firingAlerts: snapshot.alerts.firingAlertNames, storedEvents: snapshot.eventCount)
    }

    /// The model's page, then one page per feature, then one per slice; `measure` wraps the building of each page (for
    /// timing) and `emit` receives it.
    func modelPages(
        _ snapshot: ModelSnapshot, assessment: StatusAssessment, now: Int64,
        emit: (Page) throws(DashboardError) -> Void
    ) throws(DashboardError) {
        let model = snapshot.name.rawValue
        try emit(
            Page(
                path: SitePaths.model(model), kind: .model,
                html: ModelPage(snapshot: snapshot, assessment: assessment, options: options).render(
                    templates: templates, now: now)))
        for feature in snapshot.features {
            try emit(
                Page(
                    path: SitePaths.feature(model: model, feature: feature.name), kind: .feature,
                    html: FeaturePage(snapshot: snapshot, feature: feature).render(templates: templates, now: now)))
        }
        for slice in snapshot.slices.versions + snapshot.slices.segments {
            let sliceSnapshot = snapshot.sliceSnapshot(slice)
            try emit(
                Page(
                    path: SitePaths.slice(model: model, slice: slice.name), kind: .slice,
                    html: ModelPage(
                        snapshot: sliceSnapshot, assessment: assess(sliceSnapshot), options: options, slice: slice.name
                    ).render(templates: templates, now: now)))
        }
    }

    /// The index card of a model.
    func indexEntry(_ snapshot: ModelSnapshot, assessment: StatusAssessment) -> IndexPage.Entry {
        IndexPage.entry(snapshot, assessment: assessment, options: options)
    }

    /// The index page and the lists by status (``IndexPage/pages(entries:templates:options:now:)``).
    func indexPages(_ entries: [IndexPage.Entry], now: Int64) -> [Page] {
        IndexPage.pages(entries: entries, templates: templates, options: options, now: now).map { page in
            Page(path: page.path, kind: page.path == SitePaths.index ? .index : .statusList, html: page.html)
        }
    }

    /// Every page of the given snapshots, in memory (for tests and benchmarks).
    func allPages(_ snapshots: [ModelSnapshot], now: Int64) -> [Page] {
        var pages: [Page] = []
        var entries: [IndexPage.Entry] = []
        for snapshot in snapshots {
            let assessment = assess(snapshot)
            try? modelPages(snapshot, assessment: assessment, now: now) { page in pages.append(page) }
            entries.append(indexEntry(snapshot, assessment: assessment))
        }
        pages.append(contentsOf: indexPages(entries, now: now))
        return pages
    }
}
