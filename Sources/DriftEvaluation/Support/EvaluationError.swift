public import DriftCore

/// A failure of window evaluation: a code that callers may switch on, and a message in words.
///
/// A struct rather than an enum so that new codes can be added without breaking callers' switches.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason. New codes may be added; switch with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A setting is out of range (a window of 0 ms, a negative lateness …).
        public static let invalidSettings = Code(rawValue: "evaluation_invalid_settings")
        /// The model has no stored reference.
        public static let unknownModel = Code(rawValue: "unknown_model")
        /// A window's feature column has a different type than the reference's feature.
        public static let typeMismatch = Code(rawValue: "evaluation_type_mismatch")
        /// A stored window result does not decode.
        public static let corruptResult = Code(rawValue: "evaluation_corrupt_result")
        /// The store failed; ``EvaluationError/storeError`` has its own error.
        public static let store = Code(rawValue: "evaluation_store_error")
    }

    /// Why the evaluation failed.
    public var code: Code
    /// What happened, in words a user can act on.
    public var message: String
    /// The store's error, when the store failed.
    public var storeError: StoreError?

    public init(_ code: Code, _ message: String, storeError: StoreError? = nil) {
        self.code = code
        self.message = message
        self.storeError = storeError
    }

    /// Wraps a store failure; an unknown model keeps its own code.
    public init(_ error: StoreError) {
        self.init(error.code == .unknownModel ? .unknownModel : .store, error.message, storeError: error)
    }

    public var description: String { "\(code): \(message)" }
}

extension EvaluationError {
    /// Runs a store call, turning its ``StoreError`` into an ``EvaluationError``.
    static func store<T>(_ body: () throws(StoreError) -> T) throws(EvaluationError) -> T {
        do {
            return try body()
        } catch {
            throw EvaluationError(error)
        }
    }
}
