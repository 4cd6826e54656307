/// What became of an outbox row after one pass of the pipeline: the value ``RecordStage`` writes and the
/// observer hears about.
public enum DeliveryDisposition: Sendable, Hashable {
    /// A 2xx answer: the row is `delivered` and the notification log updated.
    case delivered(status: Int)
    /// A retryable failure: the row stays `pending`, due again at `nextAttemptAt` (ms).
    case retry(nextAttemptAt: Int64, status: Int?, error: String)
    /// Given up: the row is `dead`. `attempted` says whether a request was made in this pass.
    case dead(status: Int?, reason: String, attempted: Bool)
    /// Not sent, the same content having been delivered already: the row is `skipped`.
    case skipped(reason: String)

    /// The disposition's name, as a metric label: `delivered`, `retry`, `dead` or `skipped`.
    public var name: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .dead: "dead"
        case .skipped: "skipped"
        }
    }

    /// The HTTP status of this pass's answer, if there was one.
    public var status: Int? {
        switch self {
        case .delivered(let status): status
        case .retry(_, let status, _), .dead(let status, _, _): status
        case .skipped: nil
        }
    }
}
