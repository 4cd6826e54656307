public import DriftCore
public import Foundation

/// Renders the static dashboards of every model in a store: `index.html`, a page per model and a page
/// per feature, each self-contained (inline CSS and SVG, no script, no external resource) and written
/// atomically (temporary file, then rename), so that a static host never serves half a page.
///
/// The server calls ``render(to:now:)`` after each evaluation pass; `driftwatch render` calls it once.
/// Rendering is synchronous and blocks on the store like every store call: call it off the cooperative
/// thread pool (the evaluation loop's dispatch queue, for example).
///
/// ```swift
/// let renderer = DashboardRenderer(store: store, templates: try DashboardTemplates.load())
/// let report = try renderer.render(to: URL(fileURLWithPath: "dashboards/site"), now: clock())
/// ```
public struct DashboardRenderer: Sendable {
    public let store: any StoragePort
    public let templates: DashboardTemplates
    /// Where alert history comes from (none until alerting plugs in its own).
    public let alerts: any AlertTimelineSource
    public let options: DashboardOptions
    /// Whether each page is fsynced before its rename (see ``AtomicFileWriter``).
    public var synchronizeWrites = true

    public init(
        store: any StoragePort, templates: DashboardTemplates, alerts: any AlertTimelineSource = NoAlertTimeline(),
        options: DashboardOptions = DashboardOptions()
    ) {
        self.store = store
        self.templates = templates
        self.alerts = alerts
        self.options = options
    }

    /// Renders every model's pages and the index into `directory` (created if needed). Pages of models or
    /// features that no longer exist are left in place.
    /// - Parameter now: the render time in milliseconds since the Unix epoch, shown on the pages and used
    ///   as the end of alerts still pending or firing.
    /// - Throws: ``DashboardError`` with code `store`, `alertSource`, `write` or `invalidOptions`; pages
    ///   written before the failure stay, each of them complete.
    @discardableResult
    public func render(to directory: URL, now: Int64) throws(DashboardError) -> RenderReport {
        try render(to: directory, now: now, cache: nil, changed: [])
    }

    /// Renders into `directory` only what changed since the render `cache` remembers: the pages of models
    /// whose ``ModelChangeStamp`` differs (a new reference, a new or re-evaluated latest window, an alert
    /// transition, a delivery's progress), of models in `changed` (say, those whose older windows were
    /// re-evaluated) and of models not rendered before; then the index and the status lists, from the
    /// remembered rows of the other models. Pages of unchanged models are not touched (same file, same
    /// modification time), so a static host or a sync tool sees only what changed.
    ///
    /// The first render with an empty cache, or into another directory than the cache's, renders everything.
    /// - Throws: as ``render(to:now:)``; after a failure the cache forgets the models not rendered, so the
    ///   next render rewrites them.
    @discardableResult
    public func render(to directory: URL, now: Int64, cache: DashboardRenderCache?, changed: Set<String>)
        throws(DashboardError) -> RenderReport
    {
        try options.validate()
        let clock = ContinuousClock()
        let started = clock.now
        let loader = SnapshotLoader(store: store, alerts: alerts, options: options)
        let site = DashboardSite(templates: templates, options: options)
        let writer = AtomicFileWriter(synchronize: synchronizeWrites)
        var report = RenderReport(
            pages: [], statuses: [:], loadMilliseconds: 0, writeMilliseconds: 0, totalMilliseconds: 0)
        var entries: [IndexPage.Entry] = []
        let previous =
            cache?.state.withLock { state in
                state.directory == directory.standardizedFileURL ? state : DashboardRenderCache.State()
            } ?? DashboardRenderCache.State()
        var next = DashboardRenderCache.State(directory: directory.standardizedFileURL)
        defer {
            // Models that failed before being rendered are left out, so they are rendered next time.
            cache?.state.withLock { $0 = next }
        }

        func write(_ page: DashboardSite.Page, renderMilliseconds: Double) throws(DashboardError) {
            let writeStart = clock.now
            try writer.write(page.html, to: directory.appendingPathComponent(page.path))
            report.writeMilliseconds += (clock.now - writeStart).fractionalMilliseconds
            report.pages.append(
                RenderedPage(
                    path: page.path, kind: page.kind, bytes: page.html.utf8.count,
                    renderMilliseconds: renderMilliseconds))
        }

        let loadStart = clock.now
        let models = try loader.models()
        let stamps: [String: ModelChangeStamp]
        do {
            stamps = cache == nil ? [:] : try store.modelChangeStamps()
        } catch {
            throw DashboardError(.store, "cannot read what changed in \(store.location): \(error.message)")
        }
        report.loadMilliseconds += (clock.now - loadStart).fractionalMilliseconds
        for record in models {
            let name = record.name.rawValue
            let stamp = stamps[name] ?? ModelChangeStamp(referenceVersion: record.referenceVersion)
            if let cached = previous.models[name], cached.stamp == stamp, !changed.contains(name) {
                next.models[name] = cached
                entries.append(cached.entry)
                report.statuses[name] = cached.entry.status
                report.unchangedModels += 1
                continue
            }
            let snapshotStart = clock.now
            let snapshot = try loader.load(record, now: now)
            report.loadMilliseconds += (clock.now - snapshotStart).fractionalMilliseconds
            let assessment = site.assess(snapshot)
            report.statuses[name] = assessment.status
            var pageStart = clock.now
            try site.modelPages(snapshot, assessment: assessment, now: now) { page throws(DashboardError) in
                let built = (clock.now - pageStart).fractionalMilliseconds
                try write(page, renderMilliseconds: built)
                pageStart = clock.now
            }
            let entry = site.indexEntry(snapshot, assessment: assessment)
            entries.append(entry)
            next.models[name] = DashboardRenderCache.CachedModel(stamp: stamp, entry: entry)
        }
        var listStart = clock.now
        for page in site.indexPages(entries, now: now) {
            try write(page, renderMilliseconds: (clock.now - listStart).fractionalMilliseconds)
            next.listPages.insert(page.path)
            listStart = clock.now
        }
        for stale in previous.listPages.subtracting(next.listPages) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(stale))
        }
        report.totalMilliseconds = (clock.now - started).fractionalMilliseconds
        return report
    }
}
