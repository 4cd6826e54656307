import DriftEvaluation
import DriftCore

/// A failure of an alert pass: the store could not be read or written.
public struct AlertingError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// Reading windows or states, or committing the pass, failed in the store.
        public static let store = Code("alerting_store_error")
    }

    public let code: Code
    /// What happened; the pass is retried on the next evaluation, nothing was half-written.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    init(_ error: StoreError) { self.init(.store, error.description) }
    init(_ error: EvaluationError) { self.init(.store, error.description) }
}
