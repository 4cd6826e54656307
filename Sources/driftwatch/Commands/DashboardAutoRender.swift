import DriftCore
import DriftDashboards
import DriftStore
import Foundation
import Logging

/// Re-renders the static dashboards after each evaluation pass that evaluated windows (`dashboards.out`
/// configured on `driftwatch serve`, and the demo). Rendering runs on a dispatch queue, off Swift's
/// cooperative pool, and a failure is logged, never fatal: the previous pages stay (writes are atomic).
///
/// The first render writes the whole site; later ones only the pages of models that changed (windows
/// evaluated in the pass, or a changed ``ModelChangeStamp``) and the lists of models, through one
/// ``DashboardRenderCache`` kept for the server's life.
struct DashboardAutoRender: Sendable {
    let renderer: DashboardRenderer
    let cache = DashboardRenderCache()
    let output: URL
    let now: @Sendable () -> Int64
    let logger: Logger
    /// Called after a failed render (the server counts it in `driftwatch_dashboard_render_failures_total`).
    let onFailure: @Sendable () -> Void

    /// A renderer for `store` writing to `output`, with templates from `templates` (or searched).
    /// - Throws: ``DashboardError`` when no templates are found.
    init(
        store: any StoragePort, output: String, templates: String?, now: @escaping @Sendable () -> Int64, logger: Logger,
        onFailure: @escaping @Sendable () -> Void = {}
    ) throws(DashboardError) {
        self.onFailure = onFailure
        renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates.load(explicit: templates),
            alerts: StoreAlertTimeline(store: store))
        self.output = URL(fileURLWithPath: output)
        self.now = now
        self.logger = logger
    }

    /// Renders what changed (everything the first time), `changed` naming models whose windows were just
    /// evaluated; returns the report, or nil after logging a failure.
    @discardableResult
    func render(changed: Set<String> = []) async -> RenderReport? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(
                        returning: try renderer.render(to: output, now: now(), cache: cache, changed: changed))
                } catch {
                    logger.error("dashboards not rendered", metadata: ["error": "\(error)"])
                    onFailure()
                    continuation.resume(returning: nil)
                }
            }
        }
    }
}
