import DriftCore
import DriftIngest
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Throughput of ``EventBatchParser`` against Foundation's `JSONDecoder` on one core: batches of
/// 500 events with 20 numeric and 5 short categorical features. A measurement, not a test with a
/// time limit: it only runs when `DRIFTWATCH_BENCH=1`, and prints its numbers. Use a release build:
///
///     DRIFTWATCH_BENCH=1 swift test -c release --filter ThroughputTests
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DRIFTWATCH_BENCH"] == "1"), .serialized)
struct ThroughputTests {
    /// The same events through `JSONDecoder`, generically: features as `[String: ScalarValue]`
    /// (DriftCore's `Decodable`, which tries each type in turn), as a server without a schema would.
    struct GenericEvent: Decodable {
        let id: String
        let timestamp: String
        let features: [String: ScalarValue]
        let prediction: ScalarValue
        let score: Double?
    }

    /// The same events through `JSONDecoder` at its best: every feature decoded straight as the type
    /// it is known to have (`num_*` doubles, `cat_*` strings), no failed attempts.
    struct TypedEvent: Decodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        enum CodingKeys: String, CodingKey { case id, timestamp, features, prediction, score }

        let id: String
        let timestamp: String
        let numbers: [Double]
        let categories: [String]
        let prediction: Int
        let score: Double?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            timestamp = try container.decode(String.self, forKey: .timestamp)
            prediction = try container.decode(Int.self, forKey: .prediction)
            score = try container.decodeIfPresent(Double.self, forKey: .score)
            let features = try container.nestedContainer(keyedBy: Key.self, forKey: .features)
            var numbers: [Double] = []
            var categories: [String] = []
            for key in features.allKeys {
                if key.stringValue.hasPrefix("num_") {
                    numbers.append(try features.decode(Double.self, forKey: key))
                } else {
                    categories.append(try features.decode(String.self, forKey: key))
                }
            }
            self.numbers = numbers
            self.categories = categories
        }
    }

    static func makeBatch(events: Int, seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        let categories = ["red", "green", "blue", "amber", "violet", "FR", "DE", "US", "mobile", "web"]
        var text = "["
        for index in 0..<events {
            if index > 0 { text += "," }
            let hex = (0..<4).map { _ in String(random.next() & 0xFFFF_FFFF, radix: 16) }.joined(separator: "-")
            let millisecond = 1_767_225_600_000 + Int64(index) * 1_234
            text += "{\"id\":\"\(hex)\",\"timestamp\":\"\(Self.rfc3339(millisecond))\",\"features\":{"
            for feature in 0..<20 {
                text += "\"num_\(feature)\":\(Double.random(in: -1000...1000, using: &random)),"
            }
            for feature in 0..<5 {
                text += "\"cat_\(feature)\":\"\(categories.randomElement(using: &random)!)\"" + (feature < 4 ? "," : "")
            }
            let score = Double.random(in: 0...1, using: &random)
            text += "},\"prediction\":\(score > 0.5 ? 1 : 0),\"score\":\(score)}"
        }
        return Array((text + "]").utf8)
    }

    /// The events of a JSON array body, one per line.
    static func ndjson(_ body: [UInt8]) -> [UInt8] {
        var text = String(decoding: body.dropFirst().dropLast(), as: UTF8.self)
        text = text.replacingOccurrences(of: "},{\"id\"", with: "}\n{\"id\"")
        return Array(text.utf8)
    }

    static func rfc3339(_ millisecond: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(millisecond) / 1000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// CPU time of the calling thread, in seconds: unlike wall time, it does not count the time
    /// other processes hold the core.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Records per CPU-second through `parse` (which returns how many it read): best of five runs
    /// of about 0.4 s each.
    static func rate(_ parse: () throws -> Int) rethrows -> Double {
        var best = 0.0
        for _ in 0..<5 {
            var parsed = 0
            let start = threadCPUSeconds()
            var elapsed = 0.0
            while elapsed < 0.4 {
                parsed += try parse()
                elapsed = threadCPUSeconds() - start
            }
            best = max(best, Double(parsed) / elapsed)
        }
        return best
    }

    @Test func eventsPerSecond() throws {
        let body = Self.makeBatch(events: 500, seed: 42)
        let data = Data(body)
        let parser = EventBatchParser()
        let decoder = JSONDecoder()
        #expect(try parser.parse(body, format: .json).count == 500)
        #expect(try decoder.decode([GenericEvent].self, from: data).count == 500)
        #expect(try decoder.decode([TypedEvent].self, from: data).count == 500)

        let ours = try Self.rate { try parser.parse(body, format: .json).count }
        let lines = Self.ndjson(body)
        let oursNDJSON = try Self.rate { try parser.parse(lines, format: .ndjson).count }
        let schema = ModelSchema(
            features: (0..<20).map { .init(name: "num_\($0)", type: .numeric) }
                + (0..<5).map { .init(name: "cat_\($0)", type: .categorical) },
            task: .binary, positiveLabel: "1")
        let validator = EventValidator(schema: schema)
        let withValidation = try Self.rate {
            let events = try parser.parse(body, format: .json)
            return validator.validate(events, nowMilliseconds: 1_767_225_600_000).isValid ? events.count : 0
        }
        let typed = try Self.rate { try decoder.decode([TypedEvent].self, from: data).count }
        let generic = try Self.rate { try decoder.decode([GenericEvent].self, from: data).count }
        let serialization = try Self.rate { (try JSONSerialization.jsonObject(with: data) as? [Any])?.count ?? 0 }
        func line(_ name: String, _ rate: Double) -> String {
            name.padding(toLength: 48, withPad: " ", startingAt: 0) + "\(Int(rate)) events/s"
        }
        print(
            """
            Throughput per core (thread CPU time), 500-event batches, 20 numeric + 5 categorical features, \
            \(body.count / 500) bytes/event:
            \(line("EventBatchParser", ours)) (\(Int(Double(body.count) / 500 * ours / 1e6)) MB/s)
            \(line("EventBatchParser, NDJSON", oursNDJSON))
            \(line("EventBatchParser + EventValidator", withValidation))
            \(line("JSONDecoder, features typed by name", typed))
            \(line("JSONDecoder, features as [String: ScalarValue]", generic))
            \(line("JSONSerialization (untyped objects only)", serialization))
            speed-up: \(String(format: "%.1f", ours / typed))× JSONDecoder typed, \(String(format: "%.0f", ours / generic))× generic
            """)
    }
}
