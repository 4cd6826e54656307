/// What one delivery attempt came to, classified for the retry policy.
///
/// As API.md ("Webhooks") and Standard Webhooks ("Delivery success and failure") have it: a 2xx answer is a
/// delivery; 429, any 5xx and a network failure (connection refused or reset, timeout) may succeed later and
/// are retried, honouring `Retry-After`; every other answer (1xx, 3xx — redirects are not followed — and
/// the other 4xx) says the request itself is wrong, and is not retried. Like Alertmanager's integrations,
/// the sender classifies its own errors; the policy only reads the class.
public enum DeliveryOutcome: Sendable, Hashable {
    /// A 2xx answer.
    case delivered(status: Int)
    /// Worth another attempt: 429, 5xx or no answer. `status` is nil when there was no answer.
    case retryable(status: Int?, retryAfter: RetryAfter?, reason: String)
    /// Not worth another attempt: another status, or a request that cannot be made.
    case permanent(status: Int?, reason: String)

    /// Classifies a transport's result.
    public init(_ result: TransportResult) {
        switch result {
        case .response(let response):
            self = Self.classify(response)
        case .failure(let failure) where failure.kind == .invalidRequest:
            self = .permanent(status: nil, reason: failure.message)
        case .failure(let failure):
            self = .retryable(status: nil, retryAfter: nil, reason: "\(failure.kind): \(failure.message)")
        }
    }

    /// The HTTP status of the answer, nil when there was none.
    public var status: Int? {
        switch self {
        case .delivered(let status): status
        case .retryable(let status, _, _), .permanent(let status, _): status
        }
    }

    /// The outcome in words, for the outbox's `last_error` and logs.
    public var reason: String {
        switch self {
        case .delivered(let status): "receiver answered \(status)"
        case .retryable(_, _, let reason), .permanent(_, let reason): reason
        }
    }

    private static func classify(_ response: TransportResponse) -> DeliveryOutcome {
        let status = response.status
        switch status {
        case 200...299:
            return .delivered(status: status)
        case 429, 500...599:
            let retryAfter = response.retryAfter.flatMap(RetryAfter.init(headerValue:))
            return .retryable(status: status, retryAfter: retryAfter, reason: "receiver answered \(status)")
        case 300...399:
            return .permanent(
                status: status,
                reason: "receiver answered \(status), a redirect; redirects are not followed: set the receiver's url "
                    + "to the final location")
        default:
            return .permanent(
                status: status,
                reason: "receiver answered \(status); only 429 and 5xx answers are retried, so the request was not "
                    + "sent again: check the receiver's url and what it expects")
        }
    }
}
