import Foundation

/// The package root: this file is `Tests/DriftStatsTests/GoldenFile.swift`, three levels below it.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Tests/DriftStatsTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// Why a golden file could not be used.
struct GoldenFileError: Error, CustomStringConvertible {
    /// The file that was read.
    var url: URL
    /// What was wrong with it.
    var reason: String

    var description: String { "golden file \(url.path): \(reason)" }
}

/// Location of the golden file `name` (e.g. `"metrics.json"`; `".json"` is added when `name` has
/// no extension) in `shared/golden/`, which sits beside the checkout: `<root>/../shared/golden/`
/// (locally /work/shared next to /work/main, in CI the fresh clone's sibling).
func goldenURL(_ name: String) -> URL {
    let file = name.contains(".") ? name : name + ".json"
    return packageRoot
        .deletingLastPathComponent()
        .appendingPathComponent("shared", isDirectory: true)
        .appendingPathComponent("golden", isDirectory: true)
        .appendingPathComponent(file)
}

/// Reads and parses the golden file `name` (see ``goldenURL(_:)``): `{"generator": …, "cases": […]}`.
///
/// Numbers come back as `NSNumber`s holding the double the JSON text denotes, correctly rounded, so
/// `as? NSNumber`, `as? Double`, `as? [Double]` and `as? Int` all work on them.
/// (swift-corelibs-foundation's `JSONSerialization` returns long decimals such as
/// `0.7505070993914807` as `NSDecimalNumber`, whose `doubleValue` is off by a few ulps, an error that
/// cancellation in a statistic amplifies; those are re-parsed here from their exact decimal text.)
///
/// - Throws: if the file cannot be read, is not JSON, or its top level is not an object.
func loadGolden(_ name: String) throws -> [String: Any] {
    let url = goldenURL(name)
    let data = try Data(contentsOf: url)
    guard let object = exactNumbers(try JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
        throw GoldenFileError(url: url, reason: "the top level is not a JSON object")
    }
    return object
}

/// `value` with every `NSDecimalNumber` inside it replaced by an `NSNumber` holding the correctly
/// rounded double of its decimal text.
private func exactNumbers(_ value: Any) -> Any {
    switch value {
    case let object as [String: Any]:
        return object.mapValues(exactNumbers)
    case let array as [Any]:
        return array.map(exactNumbers)
    case let decimal as NSDecimalNumber:
        return NSNumber(value: Double(decimal.stringValue) ?? decimal.doubleValue)
    default:
        return value
    }
}
