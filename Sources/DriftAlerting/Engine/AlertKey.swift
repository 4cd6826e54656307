/// One alert's identity: a rule applied to one model and, for feature-level metrics, one feature.
public struct AlertKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The rule's name.
    public var rule: String
    /// The model's name.
    public var model: String
    /// The feature, or nil for a model-level metric.
    public var feature: String?

    public init(rule: String, model: String, feature: String?) {
        self.rule = rule
        self.model = model
        self.feature = feature
    }

    public static func < (lhs: AlertKey, rhs: AlertKey) -> Bool {
        (lhs.model, lhs.rule, lhs.feature ?? "") < (rhs.model, rhs.rule, rhs.feature ?? "")
    }

    public var description: String { "\(rule)/\(model)" + (feature.map { "/\($0)" } ?? "") }
}
