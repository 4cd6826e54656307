import DriftTestSupport
import DriftCore
import DriftStats
import Foundation

/// The package root: this file is `Tests/DriftEvaluationTests/GoldenWindows.swift`, three levels below it.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Tests/DriftEvaluationTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// `shared/golden/windows.json`, beside the checkout (`<root>/../shared/golden/`), generated with numpy and
/// scipy from STATISTICS.md's definitions: one binary model, its reference as CSV, 900 events over three
/// hourly windows, labels, and the windows `GET /v1/models/{model}/windows` must report.
struct GoldenWindows: Decodable {
    /// An event as the golden file writes it.
    struct GoldenEvent: Decodable {
        var id: String
        var timestamp: String
        var features: [String: ScalarValue]
        var prediction: ScalarValue?
        var score: Double?
    }

    /// A label as the golden file writes it.
    struct GoldenLabel: Decodable {
        var id: String
        var label: ScalarValue
    }

    var generator: String
    var model: String
    var task: String
    var positiveLabel: ScalarValue
    var window: String
    var bins: Int
    var driftMethod: String
    var driftThreshold: Double
    var referenceCSV: String
    var referencePerformance: [String: Double]
    var events: [GoldenEvent]
    var labels: [GoldenLabel]
    var unmatchedLabels: Int

    enum CodingKeys: String, CodingKey {
        case generator, model, task, window, bins, events, labels
        case positiveLabel = "positive_label"
        case driftMethod = "drift_method"
        case driftThreshold = "drift_threshold"
        case referenceCSV = "reference_csv"
        case referencePerformance = "reference_performance"
        case unmatchedLabels = "unmatched_labels"
    }

    static var url: URL {
        packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared", isDirectory: true)
            .appendingPathComponent("golden", isDirectory: true)
            .appendingPathComponent("windows.json")
    }

    /// The decoded file and, separately, its `expected_windows` as generic JSON (compared field by field).
    static func load() throws -> (golden: GoldenWindows, expected: [JSONValue]) {
        let data = try Data(contentsOf: url)
        let golden = try JSONDecoder().decode(GoldenWindows.self, from: data)
        guard let expected = try JSONValue.parse(data)["expected_windows"]?.array else {
            throw GoldenError(reason: "windows.json has no expected_windows array")
        }
        return (golden, expected)
    }

    /// The model's name.
    var modelName: ModelName {
        get throws {
            guard let name = ModelName(model) else { throw GoldenError(reason: "\(model) is not a model slug") }
            return name
        }
    }

    /// The reference CSV as named columns: a column whose every non-empty cell is a number is numeric,
    /// any other categorical; an empty cell is missing.
    func referenceColumns() throws -> [(name: String, values: ColumnValues)] {
        let lines = referenceCSV.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first else { throw GoldenError(reason: "the reference CSV is empty") }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var cells = [[String]](repeating: [], count: names.count)
        for (number, line) in lines.dropFirst().enumerated() {
            let row = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard row.count == names.count else {
                throw GoldenError(reason: "reference row \(number + 1) has \(row.count) cells, not \(names.count)")
            }
            for (column, cell) in row.enumerated() { cells[column].append(cell) }
        }
        return zip(names, cells).map { name, column in
            let isNumeric = column.allSatisfy { $0.isEmpty || Double($0) != nil }
            let values: ColumnValues =
                isNumeric
                ? .numeric(column.map { Double($0) ?? .nan })
                : .categorical(CategoricalColumn(values: column.map { $0.isEmpty ? nil : $0 }))
            return (name, values)
        }
    }

    /// The golden events as `Event`s, in file order.
    func storeEvents() throws -> [Event] {
        try events.map { event in
            Event(
                id: event.id, timestampMilliseconds: try Self.milliseconds(event.timestamp),
                features: event.features.sorted { $0.key < $1.key }.map { Event.Feature(name: $0.key, value: $0.value) },
                prediction: event.prediction, score: event.score)
        }
    }

    /// The golden labels as `LabelRecord`s, in file order.
    var storeLabels: [LabelRecord] {
        labels.map { LabelRecord(id: $0.id, label: $0.label) }
    }

    /// Milliseconds of an RFC 3339 time, read with Foundation (independently of the code under test).
    static func milliseconds(_ text: String) throws -> Int64 {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw GoldenError(reason: "\(text) is not an RFC 3339 time")
        }
        return Int64((date.timeIntervalSince1970 * 1_000).rounded())
    }
}

/// Why the golden file could not be used.
struct GoldenError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "golden file \(GoldenWindows.url.path): \(reason)" }
}
