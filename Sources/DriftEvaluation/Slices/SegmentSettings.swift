import DriftCore

/// How a model's events are segmented (API.md, "Slices": `models.<name>.segments`,
/// `max_segment_values`).
public struct SegmentSettings: Sendable, Equatable {
    /// Segment keys, in configuration order: each is a categorical feature of the schema or a tag key.
    public var keys: [String]
    /// How many values of a key get a slice of their own in a window; the rest pool into `__other__`.
    public var maxValues: Int

    /// The default of `max_segment_values`.
    public static let defaultMaxValues = 20
    /// The largest `max_segment_values` accepted: every value is a slice evaluated per window, so the
    /// cap bounds the work and the number of stored results.
    public static let maxMaxValues = 1_000
    /// The most segment keys a model may have.
    public static let maxKeys = 16

    public init(keys: [String] = [], maxValues: Int = SegmentSettings.defaultMaxValues) {
        self.keys = keys
        self.maxValues = maxValues
    }

    /// The problem with these settings, in words naming the configuration key under `path`; nil when
    /// they are usable.
    ///
    /// A key must be 1 to ``Limits/maxTagKeyBytes`` bytes without control characters and appear once;
    /// whether it names a feature or a tag is decided per window against the schema, since the schema
    /// comes with the reference, after the configuration is read. The reserved values `__other__` and
    /// `__missing__` are not keys.
    public func problem(at path: String) -> String? {
        if keys.count > Self.maxKeys {
            return "\(path).segments lists \(keys.count) keys; at most \(Self.maxKeys) are allowed"
        }
        var seen: Set<String> = []
        for key in keys {
            if key.isEmpty || key.utf8.count > Limits.maxTagKeyBytes || ControlCharacters.contains(key) {
                return "\(path).segments: '\(key.prefix(80))' is not a segment key: a categorical feature or tag "
                    + "name of 1 to \(Limits.maxTagKeyBytes) bytes without control characters"
            }
            if key == SliceKey.otherValue || key == SliceKey.missingValue || key == SliceKey.versionKey {
                return "\(path).segments: '\(key)' is reserved and cannot be a segment key"
            }
            if key.contains(":") {
                return "\(path).segments: '\(key)' contains ':', which separates key and value in a slice name"
            }
            guard seen.insert(key).inserted else { return "\(path).segments lists '\(key)' twice" }
        }
        guard (1...Self.maxMaxValues).contains(maxValues) else {
            return "\(path).max_segment_values must be from 1 to \(Self.maxMaxValues), got \(maxValues)"
        }
        return nil
    }
}
