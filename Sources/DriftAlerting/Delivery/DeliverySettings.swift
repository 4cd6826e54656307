import DriftCore
/// How the delivery service sends notifications. The defaults suit production; tests shorten the times.
public struct DeliverySettings: Sendable, Hashable {
    /// The deadline of one request, connect to last byte of the answer. Default 10 s.
    public var requestTimeout: Duration
    /// The wait before the first retry, before jitter. Default 1 s.
    public var initialBackoff: Duration
    /// The longest wait between attempts, before `Retry-After`. Default 5 min.
    public var maxBackoff: Duration
    /// How long after queueing a notification may still be sent; then it is dead. Default 24 h.
    public var maxDeliveryAge: Duration
    /// The longest the service sleeps between two looks at the outbox. Default 250 ms.
    public var pollInterval: Duration
    /// How many requests are in flight at once. Default 4.
    public var concurrency: Int
    /// How many due notifications one pass takes. Default 32.
    public var batchSize: Int

    public init(
        requestTimeout: Duration = .seconds(10), initialBackoff: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(300), maxDeliveryAge: Duration = .seconds(24 * 3_600),
        pollInterval: Duration = .milliseconds(250), concurrency: Int = 4, batchSize: Int = 32
    ) {
        self.requestTimeout = requestTimeout
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxDeliveryAge = maxDeliveryAge
        self.pollInterval = pollInterval
        self.concurrency = concurrency
        self.batchSize = batchSize
    }

    /// The retry policy these settings describe.
    public var retryPolicy: RetryPolicy {
        RetryPolicy(initialBackoff: initialBackoff, maxBackoff: maxBackoff, maxDeliveryAge: maxDeliveryAge)
    }

    /// Checks every value.
    /// - Throws: ``DeliveryError/Code/invalidSettings`` naming the first value out of range.
    public func validate() throws(DeliveryError) {
        let millisecond = Duration.milliseconds(1)
        for (name, value) in [
            ("request timeout", requestTimeout), ("initial backoff", initialBackoff), ("max backoff", maxBackoff),
            ("max_delivery_age", maxDeliveryAge), ("poll interval", pollInterval),
        ] where value < millisecond {
            throw DeliveryError(.invalidSettings, "the delivery \(name) must be at least 1ms, not \(value)")
        }
        guard maxBackoff >= initialBackoff else {
            throw DeliveryError(
                .invalidSettings,
                "the delivery max backoff (\(maxBackoff.ruleText)) must not be shorter than the initial backoff "
                    + "(\(initialBackoff.ruleText))")
        }
        guard (1...64).contains(concurrency) else {
            throw DeliveryError(.invalidSettings, "the delivery concurrency must be between 1 and 64, not \(concurrency)")
        }
        guard (1...1_000).contains(batchSize) else {
            throw DeliveryError(.invalidSettings, "the delivery batch size must be between 1 and 1000, not \(batchSize)")
        }
    }
}
