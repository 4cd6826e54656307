public import DriftCore

/// The second stage: one signed POST of a notification's body to its receiver.
///
/// The body is sent byte for byte as stored, with `Content-Type: application/json` and the Standard
/// Webhooks headers (``WebhookSigner``): `webhook-id` is the row's, the same on every attempt;
/// `webhook-timestamp` is the attempt's time; `webhook-signature` is computed for this attempt with the
/// secret read from the environment variable the receiver names, at send time, so a rotated secret takes
/// effect without a restart. A secret that is missing or malformed makes the attempt fail permanently
/// without a request. The stage is kind-agnostic: an Alertmanager row already holds the `/api/v2/alerts`
/// array and URL.
public struct SendStage: Sendable {
    /// What one call did.
    public struct Result: Sendable, Hashable {
        /// The classified outcome.
        public var outcome: DeliveryOutcome
        /// Whether a request was made (false when the secret was unusable).
        public var attempted: Bool
        /// How long the request took, nil when none was made. Measured on a monotonic clock.
        public var latency: Duration?

        public init(outcome: DeliveryOutcome, attempted: Bool, latency: Duration?) {
            self.outcome = outcome
            self.attempted = attempted
            self.latency = latency
        }
    }

    public let transport: any WebhookTransport
    /// The deadline of each request.
    public let requestTimeout: Duration
    /// Reads an environment variable (the process environment by default).
    public let environment: @Sendable (String) -> String?

    public init(
        transport: any WebhookTransport, requestTimeout: Duration = .seconds(10),
        environment: @escaping @Sendable (String) -> String? = WebhookSecret.processEnvironment
    ) {
        self.transport = transport
        self.requestTimeout = requestTimeout
        self.environment = environment
    }

    /// Sends `row` once.
    /// - Parameter timestamp: the attempt's time in Unix seconds, sent as `webhook-timestamp` and signed.
    public func send(_ row: OutboxRecord, timestamp: Int64) async -> Result {
        var secret: WebhookSecret?
        if let variable = row.secretEnv {
            do {
                secret = try WebhookSecret.fromEnvironment(variable, environment: environment)
            } catch {
                return Result(
                    outcome: .permanent(status: nil, reason: "not sent, cannot sign: \(error.message)"),
                    attempted: false, latency: nil)
            }
        }
        let body = Array(row.body.utf8)
        let headers = WebhookSigner(secret: secret).headers(id: row.webhookID, timestamp: timestamp, body: body)
        let clock = ContinuousClock()
        let start = clock.now
        let result = await transport.post(url: row.url, headers: headers, body: body, timeout: requestTimeout)
        return Result(outcome: DeliveryOutcome(result), attempted: true, latency: clock.now - start)
    }
}
