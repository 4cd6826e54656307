/// Sends one webhook request. The delivery pipeline's only contact with the network, so that tests can put
/// a fake in its place; ``HTTPClientTransport`` is the real one.
///
/// Contract: `post` sends `body` to `url` with method POST, `Content-Type: application/json` and the given
/// headers, waits at most `timeout` for the whole exchange, does not follow redirects, and never throws:
/// every failure is a ``TransportResult/failure(_:)`` that says whether the request may have reached the
/// receiver (it is retried either way; receivers deduplicate on `webhook-id`).
public protocol WebhookTransport: Sendable {
    /// POSTs `body` to `url` and reports the answer's status or why there was none.
    func post(url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async
        -> TransportResult
}

/// What a ``WebhookTransport`` got back.
public enum TransportResult: Sendable, Hashable {
    /// The receiver answered.
    case response(TransportResponse)
    /// No answer: the connection failed, timed out, or the request could not be made.
    case failure(TransportFailure)
}

/// An HTTP answer: its status and the `Retry-After` header, if any (the body is read and discarded).
public struct TransportResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// The raw `Retry-After` header value.
    public var retryAfter: String?

    public init(status: Int, retryAfter: String? = nil) {
        self.status = status
        self.retryAfter = retryAfter
    }
}

/// Why a request got no answer.
public struct TransportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. A struct, so that new kinds do not break callers' switches.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Connecting failed (refused, unreachable, DNS, TLS) or the connection was reset or closed early.
        public static let connection = Kind(rawValue: "connection")
        /// No complete answer within the request timeout.
        public static let timeout = Kind(rawValue: "timeout")
        /// The request cannot be made at all (malformed or non-http(s) URL): retrying cannot help.
        public static let invalidRequest = Kind(rawValue: "invalid_request")
    }

    public var kind: Kind
    /// What happened, for the outbox's `last_error`.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}
