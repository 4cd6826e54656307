import DriftCore
import DriftStats
/// One evaluated window as `GET /v1/models/{model}/windows` reports it (API.md): the window's
/// bookkeeping followed, in the same JSON object, by its ``WindowStatistics``:
/// ```json
/// {"start": "2026-01-05T01:00:00Z", "end": "2026-01-05T02:00:00Z", "partial": false,
///  "reference_version": 1, "evaluated_at": "2026-01-05T02:05:30Z", "evaluations": 1,
///  "count": 300, "labelled": 243, "label_coverage": 0.81, "drifted_feature_share": 0.333, …}
/// ```
/// Times are RFC 3339 UTC text in JSON and milliseconds since the Unix epoch in Swift.
public struct WindowResult: Sendable, Equatable, Codable {
    /// First millisecond of the window (inclusive).
    public var start: Int64
    /// End of the window (exclusive).
    public var end: Int64
    /// Whether the window was evaluated before it closed and waited out its allowed lateness; a
    /// partial window is evaluated again once it has.
    public var partial: Bool
    /// The reference version the window was compared with.
    public var referenceVersion: Int
    /// When the window was last evaluated, in milliseconds since the Unix epoch.
    public var evaluatedAt: Int64
    /// How many times the window has been evaluated (late events and labels re-evaluate it).
    public var evaluations: Int
    /// What was measured.
    public var statistics: WindowStatistics

    /// Events per second of the window's length (API.md, "Serving metrics"): derived from the count and
    /// the bounds, so it is reported (as `throughput_per_second`) but never stored.
    public var throughputPerSecond: Double {
        Throughput.perSecond(events: statistics.count, windowMilliseconds: end - start)
    }

    public init(
        start: Int64, end: Int64, partial: Bool, referenceVersion: Int, evaluatedAt: Int64, evaluations: Int,
        statistics: WindowStatistics
    ) {
        self.start = start
        self.end = end
        self.partial = partial
        self.referenceVersion = referenceVersion
        self.evaluatedAt = evaluatedAt
        self.evaluations = evaluations
        self.statistics = statistics
    }

    private enum CodingKeys: String, CodingKey {
        case start, end, partial
        case referenceVersion = "reference_version"
        case evaluatedAt = "evaluated_at"
        case evaluations
        case throughputPerSecond = "throughput_per_second"
    }

    /// Decodes the flat form: the bookkeeping keys, then the statistics from the same object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try Self.decodeTime(container, .start)
        end = try Self.decodeTime(container, .end)
        partial = try container.decode(Bool.self, forKey: .partial)
        referenceVersion = try container.decode(Int.self, forKey: .referenceVersion)
        evaluatedAt = try Self.decodeTime(container, .evaluatedAt)
        evaluations = try container.decode(Int.self, forKey: .evaluations)
        statistics = try WindowStatistics(from: decoder)
    }

    /// Encodes the flat form: the bookkeeping keys and the statistics in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(RFC3339.string(milliseconds: start), forKey: .start)
        try container.encode(RFC3339.string(milliseconds: end), forKey: .end)
        try container.encode(partial, forKey: .partial)
        try container.encode(referenceVersion, forKey: .referenceVersion)
        try container.encode(RFC3339.string(milliseconds: evaluatedAt), forKey: .evaluatedAt)
        try container.encode(evaluations, forKey: .evaluations)
        try container.encode(throughputPerSecond, forKey: .throughputPerSecond)
        try statistics.encode(to: encoder)
    }

    private static func decodeTime(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
        -> Int64
    {
        let text = try container.decode(String.self, forKey: key)
        guard let milliseconds = RFC3339.milliseconds(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "\(text) is not an RFC 3339 UTC time")
        }
        return milliseconds
    }
}
