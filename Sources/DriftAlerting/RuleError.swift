/// One problem found in the alert rule files: what kind of problem, where, and what to do.
///
/// Printed with `description` as one line, `path:line:column: message`.
public struct RuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem. A struct rather than an enum, so new codes do not break callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable, snake_case identifier, e.g. `unknown_key`.
        public let rawValue: String
        /// A code with the given identifier.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The directory or a file could not be read, or is not UTF-8.
        public static let unreadable = Code("unreadable")
        /// The YAML itself does not parse (libYAML's scanner, parser or composer failed).
        public static let yamlSyntax = Code("yaml_syntax")
        /// A mapping holds a key twice.
        public static let duplicateKey = Code("duplicate_key")
        /// A key that this format does not know (often a typo).
        public static let unknownKey = Code("unknown_key")
        /// A required key is absent.
        public static let missingKey = Code("missing_key")
        /// A value has the wrong YAML type (e.g. a list where a string belongs, text where a number belongs).
        public static let wrongType = Code("wrong_type")
        /// A value outside its closed set: metric, op, kind, severity.
        public static let unknownValue = Code("unknown_value")
        /// A value of the right type that is not allowed (empty name, `for: 0`, bad label name, bad placeholder).
        public static let invalidValue = Code("invalid_value")
        /// A duration that is not written `500ms`, `30s`, `5m`, `1h` or `7d`.
        public static let invalidDuration = Code("invalid_duration")
        /// A receiver URL that is not an absolute http(s) URL.
        public static let invalidURL = Code("invalid_url")
        /// A `secret_env` that is not a valid environment variable name.
        public static let invalidSecretEnv = Code("invalid_secret_env")
        /// A rule or receiver name used twice, possibly in different files.
        public static let duplicateName = Code("duplicate_name")
        /// A rule names a receiver that no file declares.
        public static let undeclaredReceiver = Code("undeclared_receiver")
        /// A `feature` glob on a model-level metric, or a key that does not apply to this kind.
        public static let notApplicable = Code("not_applicable")
    }

    /// The kind of problem.
    public let code: Code
    /// What is wrong and how to fix it, naming the key concerned.
    public let message: String
    /// Where the problem is.
    public let location: SourceLocation

    /// An error of kind `code` at `location`.
    public init(_ code: Code, _ message: String, at location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// `path:line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// Every problem found while loading a rule directory, in file order, then line, then column.
public struct RuleErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, never empty when thrown.
    public let errors: [RuleError]

    /// Wraps `errors`, sorted by file, line and column.
    public init(_ errors: [RuleError]) {
        self.errors = errors.sorted { lhs, rhs in
            (lhs.location.file, lhs.location.line, lhs.location.column)
                < (rhs.location.file, rhs.location.line, rhs.location.column)
        }
    }

    /// One line per problem, `path:line:column: message`.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
