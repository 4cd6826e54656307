import DriftCore

/// The rule set in force, replaceable while the server runs (SIGHUP reloads the rule directory).
///
/// A reload that fails leaves the previous rules in force, so a typo in a rule file never silences
/// alerting; the caller reports the errors.
public final class RuleBook: Sendable {
    private let current: Locked<RuleSet>
    /// The directory the rules are loaded from; nil for a rule book built in memory.
    public let directory: String?

    /// A rule book holding `rules`.
    public init(_ rules: RuleSet, directory: String? = nil) {
        current = Locked(rules)
        self.directory = directory
    }

    /// Loads the rule book from `directory`.
    /// - Throws: ``RuleErrors`` for every problem in the files.
    public static func load(directory: String) throws(RuleErrors) -> RuleBook {
        RuleBook(try RuleLoader.load(directory: directory), directory: directory)
    }

    /// The rules in force.
    public var rules: RuleSet { current.withLock { $0 } }

    /// Loads the directory again and, if every file is valid, puts the new rules in force.
    /// - Returns: the new rule set.
    /// - Throws: ``RuleErrors`` (the old rules stay in force).
    @discardableResult
    public func reload() throws(RuleErrors) -> RuleSet {
        guard let directory else { return rules }
        let fresh = try RuleLoader.load(directory: directory)
        current.withLock { $0 = fresh }
        return fresh
    }
}
