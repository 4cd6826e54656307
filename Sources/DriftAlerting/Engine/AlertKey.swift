/// One alert's identity: a rule applied to one model and, for feature-level metrics, one feature.
public struct AlertKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The rule's name.
    public var rule: String
    /// The model's name.
    public var model: String
    /// The feature, or nil for a model-level metric.
    public var feature: String?
    /// The slice watched, `KEY:VALUE` (API.md, "Slices"), or nil for the whole model.
    public var slice: String?

    public init(rule: String, model: String, feature: String?, slice: String? = nil) {
        self.rule = rule
        self.model = model
        self.feature = feature
        self.slice = slice
    }

    public static func < (lhs: AlertKey, rhs: AlertKey) -> Bool {
        (lhs.model, lhs.rule, lhs.slice ?? "", lhs.feature ?? "") < (rhs.model, rhs.rule, rhs.slice ?? "", rhs.feature ?? "")
    }

    public var description: String {
        "\(rule)/\(model)" + (slice.map { "[\($0)]" } ?? "") + (feature.map { "/\($0)" } ?? "")
    }
}
