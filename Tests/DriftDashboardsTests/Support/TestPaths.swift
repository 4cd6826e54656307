import Foundation

/// Paths of the checkout, found from this file: `Tests/DriftDashboardsTests/Support/TestPaths.swift`.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // DriftDashboardsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    /// The real templates, `dashboards/templates`.
    static let templates = packageRoot.appendingPathComponent("dashboards/templates", isDirectory: true)

    /// The expected pages of the tiny fixture.
    static let golden = packageRoot.appendingPathComponent(
        "Tests/DriftDashboardsTests/Fixtures/golden", isDirectory: true)
}

/// A fresh directory under the system's temporary directory, deleted when the value is released.
final class ScratchDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("driftdashboards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` inside the directory.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Every regular file under the directory, as paths relative to it, sorted.
    func files() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        var files: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
