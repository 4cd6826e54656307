/// Every receiver and rule from a rule directory, validated together.
public struct RuleSet: Hashable, Sendable {
    /// Receivers in file order (files sorted by name).
    public let receivers: [Receiver]
    /// Rules in file order (files sorted by name).
    public let rules: [AlertRule]

    /// A rule set; `RuleLoader` guarantees names are unique and every rule's receivers exist.
    public init(receivers: [Receiver], rules: [AlertRule]) {
        self.receivers = receivers
        self.rules = rules
    }

    /// The receiver called `name`, if declared.
    public func receiver(named name: String) -> Receiver? {
        receivers.first { $0.name == name }
    }
}
