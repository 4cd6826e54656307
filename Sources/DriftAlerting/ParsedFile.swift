/// What one rule file declared, with the locations the cross-file checks report at.
struct ParsedFile {
    /// A receiver that parsed cleanly, with the location of its `name` value.
    struct ParsedReceiver {
        let receiver: Receiver
        let nameLocation: SourceLocation
    }

    /// A rule that parsed cleanly, with the locations of its `name` value and of each receiver reference.
    struct ParsedRule {
        let rule: AlertRule
        let nameLocation: SourceLocation
        let receiverLocations: [SourceLocation]
    }

    var receivers: [ParsedReceiver] = []
    var rules: [ParsedRule] = []
    /// Names of receivers declared here, including ones with other errors, so that a broken
    /// receiver does not also make every rule using it report "undeclared receiver".
    var declaredReceiverNames: [(String, SourceLocation)] = []
    /// Names of rules declared here, including ones with other errors, for duplicate detection.
    var declaredRuleNames: [(String, SourceLocation)] = []
    var errors: [RuleError] = []
}
