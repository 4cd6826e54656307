/// A problem with notification delivery that an operator can act on: a code callers may switch on and a
/// message that says what to fix.
///
/// A struct rather than an enum so that new codes can be added without breaking callers' switches.
public struct DeliveryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable reason. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The environment variable a receiver's `secret_env` names is not set (or is empty).
        public static let missingSecret = Code(rawValue: "webhook_secret_missing")
        /// The secret is set but is not `whsec_` followed by base64 of at least 24 bytes.
        public static let malformedSecret = Code(rawValue: "webhook_secret_malformed")
        /// A ``DeliverySettings`` value is out of range.
        public static let invalidSettings = Code(rawValue: "delivery_invalid_settings")
        /// The store could not be read or written.
        public static let store = Code(rawValue: "delivery_store_error")
    }

    /// Why delivery failed.
    public var code: Code
    /// What happened and what to do about it.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
