import Foundation
import Testing

@testable import DriftStats

/// CBPE estimates against ../shared/golden/cbpe.json (NannyML 0.13.1, one chunk per hourly window,
/// calibration applied), within STATISTICS.md's tolerances: 1e-9 relative, ROC AUC 1e-6 absolute.
@Suite("Golden estimated performance (cbpe.json)")
struct EstimatedPerformanceGoldenTests {
    /// The golden reference's scores and labels, and its events grouped by hourly window start.
    struct Golden {
        var scores: [Double]
        var labels: [Bool?]
        /// Window start (seconds since the epoch) → (score, predicted positive) per event.
        var windows: [Int: [(score: Double, positive: Bool)]]
        var expected: [[String: Any]]
    }

    static func load() throws -> Golden {
        let golden = try loadGolden("cbpe.json")
        #expect(golden["task"] as? String == "binary")
        #expect(golden["window"] as? String == "1h")
        let csv = try #require(golden["reference_csv"] as? String)
        var lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines.removeFirst().map(String.init)
        let scoreIndex = try #require(header.firstIndex(of: "score"))
        let labelIndex = try #require(header.firstIndex(of: "label"))
        let scores = lines.map { Double($0[scoreIndex]) ?? .nan }
        let labels: [Bool?] = lines.map { $0[labelIndex].isEmpty ? nil : $0[labelIndex] == "1" }

        let formatter = ISO8601DateFormatter()
        var windows: [Int: [(score: Double, positive: Bool)]] = [:]
        for event in try #require(golden["events"] as? [[String: Any]]) {
            let timestamp = try #require(event["timestamp"] as? String)
            let time = try #require(formatter.date(from: timestamp))
            let seconds = Int(time.timeIntervalSince1970)
            let start = seconds - seconds % 3600
            let score = try #require((event["score"] as? NSNumber)?.doubleValue)
            let prediction = try #require((event["prediction"] as? NSNumber)?.intValue)
            windows[start, default: []].append((score, prediction == 1))
        }
        let expected = try #require(golden["expected_windows"] as? [[String: Any]])
        return Golden(scores: scores, labels: labels, windows: windows, expected: expected)
    }

    /// Each expected window: its start as written, its events, its event count and its expected
    /// `estimated_performance` object.
    static func expectedWindows(_ golden: Golden) throws -> [(
        start: String, events: [(score: Double, positive: Bool)], count: Int?, expected: [String: Any]
    )] {
        let formatter = ISO8601DateFormatter()
        return try golden.expected.map { window in
            let startText = try #require(window["start"] as? String)
            let start = Int(try #require(formatter.date(from: startText)).timeIntervalSince1970)
            let events = try #require(golden.windows[start], "no events in \(startText)")
            let expected = try #require(window["estimated_performance"] as? [String: Any])
            return (startText, events, window["count"] as? Int, expected)
        }
    }

    /// Compares an estimate with a golden `estimated_performance` object.
    static func expectMatches(_ estimate: EstimatedPerformance, _ expected: [String: Any], _ what: String) throws {
        for name in ["accuracy", "precision", "recall", "f1"] {
            let value = try #require((expected[name] as? NSNumber)?.doubleValue, "\(what): golden \(name)")
            let actual = try #require(estimate.value(named: name))
            #expect(abs(actual - value) <= 1e-9 * abs(value), "\(what) \(name): got \(actual), expected \(value)")
        }
        let auc = try #require((expected["roc_auc"] as? NSNumber)?.doubleValue)
        let actualAUC = try #require(estimate.rocAUC, "\(what): roc_auc missing")
        #expect(abs(actualAUC - auc) <= 1e-6, "\(what) roc_auc: got \(actualAUC), expected \(auc)")
    }

    @Test("the reference is over-confident, so calibration is isotonic, not skipped")
    func calibrationIsFitted() throws {
        let golden = try Self.load()
        let calibration = try #require(ScoreCalibration.fit(scores: golden.scores, labels: golden.labels))
        guard case .isotonic(let isotonic) = calibration else {
            Issue.record("expected an isotonic calibration, got \(calibration)")
            return
        }
        #expect(zip(isotonic.values, isotonic.values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(zip(isotonic.thresholds, isotonic.thresholds.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("every window's accuracy, precision, recall, F1 and ROC AUC match NannyML")
    func everyWindow() throws {
        let golden = try Self.load()
        let calibration = try #require(ScoreCalibration.fit(scores: golden.scores, labels: golden.labels))
        #expect(golden.expected.count == golden.windows.count)
        for (startText, events, count, expected) in try Self.expectedWindows(golden) {
            #expect(events.count == count)
            var accumulator = EstimatedPerformanceAccumulator(calibration: calibration)
            for event in events { accumulator.add(score: event.score, predictedPositive: event.positive) }
            let estimate = try #require(accumulator.estimate())
            #expect(estimate.count == events.count)
            try Self.expectMatches(estimate, expected, startText)
        }
    }

    @Test("a window folded in parts and merged matches the same golden values")
    func mergedParts() throws {
        let golden = try Self.load()
        let calibration = try #require(ScoreCalibration.fit(scores: golden.scores, labels: golden.labels))
        for (_, events, _, expected) in try Self.expectedWindows(golden) {
            var parts = (0..<3).map { _ in EstimatedPerformanceAccumulator(calibration: calibration) }
            for (index, event) in events.reversed().enumerated() {
                parts[index % 3].add(score: event.score, predictedPositive: event.positive)
            }
            var merged = parts[0]
            merged.merge(parts[1])
            merged.merge(parts[2])
            try Self.expectMatches(try #require(merged.estimate()), expected, "merged")
        }
    }
}
