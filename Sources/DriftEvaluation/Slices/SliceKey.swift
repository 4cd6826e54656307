/// The name of a slice of a model's events (API.md, "Slices"): the whole model, one model version, or one
/// value of one segment key. Written `KEY:VALUE` (`model_version:v2`, `region:eu`, `c0:__other__`); the
/// whole model is the empty string, as `expected_windows` keys it.
public struct SliceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The key of version slices.
    public static let versionKey = "model_version"
    /// The pooled value of a segment key's values past `max_segment_values`.
    public static let otherValue = "__other__"
    /// The value of a segment for events without the key.
    public static let missingValue = "__missing__"

    /// `model_version`, a segment key, or nil for the whole model.
    public var key: String?
    /// The version or segment value; empty for the whole model.
    public var value: String

    /// The whole model: every event not marked shadow.
    public static let whole = SliceKey(key: nil, value: "")

    /// The slice of model version `version`, shadow events included.
    public static func version(_ version: String) -> SliceKey { SliceKey(key: versionKey, value: version) }

    /// The slice of value `value` of segment key `key`.
    public static func segment(_ key: String, _ value: String) -> SliceKey { SliceKey(key: key, value: value) }

    public init(key: String?, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `KEY:VALUE` (split at the first `:`, since keys have none and values may); `""` is the whole
    /// model. Nil for text without a `:` or with an empty key.
    public init?(parsing text: String) {
        if text.isEmpty {
            self = .whole
            return
        }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        key = String(text[..<colon])
        value = String(text[text.index(after: colon)...])
    }

    /// `KEY:VALUE`, or `""` for the whole model.
    public var description: String { key.map { "\($0):\(value)" } ?? "" }

    public static func < (lhs: SliceKey, rhs: SliceKey) -> Bool { lhs.description < rhs.description }
}
