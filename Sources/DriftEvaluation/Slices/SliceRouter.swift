public import DriftCore

/// Which slices one event belongs to (API.md, "Slices"), decided from the event alone so that a window's
/// rows can be routed in one pass, as they stream in.
///
/// - the whole model: every event not marked shadow;
/// - `model_version:V`: every event with a version, shadow or not;
/// - one raw value per segment key, for events not marked shadow: the category name of the feature when
///   the key is a categorical feature of the schema, else the tag's value; nil (``SliceKey/missingValue``)
///   when the event has neither.
///
/// Whether a raw value keeps a slice of its own or pools into `__other__` depends on the whole window
/// (the `max_segment_values` most frequent values); ``SegmentValueCounter`` decides that when the window
/// is complete, so per-value partial results can be kept while rows arrive and pooled at the end.
public struct SliceRouter: Sendable {
    /// How one segment key reads its value from an event.
    enum Source: Sendable, Equatable {
        case feature(String)
        case tag(String)
    }

    /// The configured keys with where their values come from, in configuration order.
    let sources: [(key: String, source: Source)]

    /// A router for a model with `schema` and segment settings `segments`.
    public init(segments: SegmentSettings, schema: ModelSchema) {
        sources = segments.keys.map { key in
            (key, schema.type(of: key) == .categorical ? .feature(key) : .tag(key))
        }
    }

    /// The slices an event belongs to.
    public func route(modelVersion: String?, shadow: Bool, tags: [Event.Tag], features: [Event.Feature])
        -> EventSlices
    {
        var segments: [EventSlices.SegmentValue] = []
        if !shadow {
            segments.reserveCapacity(sources.count)
            for (key, source) in sources {
                let value: String?
                switch source {
                case .feature(let name): value = features.first(where: { $0.name == name })?.value.categoryName
                case .tag(let name): value = tags.first(where: { $0.key == name })?.value
                }
                segments.append(EventSlices.SegmentValue(key: key, value: value))
            }
        }
        return EventSlices(inWhole: !shadow, version: modelVersion, segments: segments)
    }

    /// The slices of `event`.
    public func route(_ event: Event) -> EventSlices {
        route(modelVersion: event.modelVersion, shadow: event.shadow, tags: event.tags, features: event.features)
    }
}

/// The slices of one event before the window's segment cap is applied (see ``SliceRouter``).
public struct EventSlices: Sendable, Equatable {
    /// One segment key's raw value for the event.
    public struct SegmentValue: Sendable, Equatable {
        public var key: String
        /// The value, or nil when the event has none (the `__missing__` slice).
        public var value: String?
    }

    /// Whether the event counts in the whole model's window (it is not marked shadow).
    public var inWhole: Bool
    /// The event's `model_version:V` slice, if it has a version.
    public var version: String?
    /// One entry per configured segment key; empty for a shadow event.
    public var segments: [SegmentValue]

    /// The slice keys for this event once the window's cap is known (`counter` holds the whole window).
    public func keys(cappedBy counter: SegmentValueCounter) -> [SliceKey] {
        var keys: [SliceKey] = []
        if inWhole { keys.append(.whole) }
        if let version { keys.append(.version(version)) }
        for segment in segments { keys.append(counter.slice(key: segment.key, value: segment.value)) }
        return keys
    }
}

/// Counts one window's segment values and applies `max_segment_values` (API.md, "Slices"): per key, the
/// most frequent values, ties broken by value, keep a slice of their own; the others pool into
/// `KEY:__other__`; events without the key form `KEY:__missing__`.
public struct SegmentValueCounter: Sendable {
    private let maxValues: Int
    private var counts: [String: [String: Int]] = [:]
    private var kept: [String: Set<String>]?

    public init(maxValues: Int) {
        precondition(maxValues > 0, "max_segment_values is at least 1")
        self.maxValues = maxValues
    }

    /// Counts the segment values of one event.
    public mutating func add(_ slices: EventSlices) {
        kept = nil
        for segment in slices.segments {
            guard let value = segment.value else { continue }
            counts[segment.key, default: [:]][value, default: 0] += 1
        }
    }

    /// The values of `key` that keep a slice of their own: the `maxValues` most frequent, ties by value
    /// (Unicode scalar order, as `expected_windows` sorts them).
    public func keptValues(of key: String) -> [String] {
        guard let values = counts[key] else { return [] }
        return values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(maxValues).map(\.key)
    }

    /// Fixes the kept values; call once every event of the window is counted (``slice(key:value:)`` does it
    /// on first use otherwise, at the cost of a sort per key each call).
    public mutating func finish() {
        var result: [String: Set<String>] = [:]
        for key in counts.keys { result[key] = Set(keptValues(of: key)) }
        kept = result
    }

    /// The slice of `value` of segment key `key`: its own, `__other__` or `__missing__`.
    public func slice(key: String, value: String?) -> SliceKey {
        guard let value else { return .segment(key, SliceKey.missingValue) }
        let own = kept.map { $0[key]?.contains(value) ?? false } ?? keptValues(of: key).contains(value)
        return .segment(key, own ? value : SliceKey.otherValue)
    }
}
