/// Checks that need every file at once: unique rule and receiver names, and declared receivers.
enum RuleSetValidator {
    /// The problems across `files` (already parsed, in load order).
    static func crossFileErrors(_ files: [ParsedFile]) -> [RuleError] {
        var errors = duplicates(files.flatMap(\.declaredReceiverNames), what: "receiver")
        errors += duplicates(files.flatMap(\.declaredRuleNames), what: "rule")
        let declared = Set(files.flatMap(\.declaredReceiverNames).map(\.0))
        let known = declared.sorted()
        for parsed in files.flatMap(\.rules) {
            for (name, location) in zip(parsed.rule.receivers, parsed.receiverLocations) where !declared.contains(name) {
                let hint = ClosestMatch.hint(for: name, among: known)
                let list = known.isEmpty ? "no receivers are declared" : "declared: \(known.joined(separator: ", "))"
                errors.append(RuleError(
                    .undeclaredReceiver,
                    "rule '\(parsed.rule.name)' names receiver '\(name)', which no file declares\(hint) (\(list))",
                    at: location))
            }
        }
        return errors
    }

    /// One error at each repeat of a name, pointing back at the first declaration.
    private static func duplicates(_ names: [(String, SourceLocation)], what: String) -> [RuleError] {
        var first: [String: SourceLocation] = [:]
        var errors: [RuleError] = []
        for (name, location) in names {
            if let original = first[name] {
                errors.append(RuleError(
                    .duplicateName, "duplicate \(what) name '\(name)'; first declared at \(original)", at: location))
            } else {
                first[name] = location
            }
        }
        return errors
    }
}
