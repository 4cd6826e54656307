import DriftDashboards
import Foundation

extension DemoEnvironment {
    /// Renders the dashboards into `out` (templates from the checkout's `dashboards/templates`, else
    /// searched above the executable) and returns the index page's path.
    func renderDashboards() throws -> String {
        let renderer = DashboardRenderer(
            store: store, templates: try DashboardTemplates.load(explicit: nil),
            alerts: StoreAlertTimeline(store: store))
        let output = URL(fileURLWithPath: out).absoluteURL
        try renderer.render(to: output, now: clock.withLock { $0 })
        return output.appendingPathComponent("index.html").path
    }
}
