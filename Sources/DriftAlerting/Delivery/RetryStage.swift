public import DriftCore

/// The third stage: turns an attempt's outcome into what happens to the row, by ``RetryPolicy``.
///
/// Before an attempt it also says whether the row is already past `max_delivery_age` (say, after the
/// service was down for a day), in which case it is given up without a request.
public struct RetryStage: Sendable {
    public let policy: RetryPolicy
    /// The jitter's random source: returns uniformly distributed 64-bit values.
    public let random: @Sendable () -> UInt64

    public init(
        policy: RetryPolicy = RetryPolicy(),
        random: @escaping @Sendable () -> UInt64 = { var system = SystemRandomNumberGenerator(); return system.next() }
    ) {
        self.policy = policy
        self.random = random
    }

    /// Why `row` should be given up before another attempt at `now`, or nil when it may be attempted.
    public func expiry(_ row: OutboxRecord, now: Int64) -> String? {
        guard policy.isExpired(enqueuedAt: row.enqueuedAt, now: now) else { return nil }
        var reason = "not delivered within max_delivery_age (\(policy.maxDeliveryAge.ruleText)) of queueing, after "
            + "\(row.attempts) attempt\(row.attempts == 1 ? "" : "s")"
        if let last = row.lastError { reason += "; last failure: \(last)" }
        return reason
    }

    /// What follows an attempt on `row` (whose `attempts` does not yet count it) that came to `outcome`.
    public func decide(_ row: OutboxRecord, outcome: DeliveryOutcome, now: Int64) -> RetryPolicy.Decision {
        var generator = ClosureGenerator(source: random)
        return policy.decide(
            attempt: row.attempts + 1, outcome: outcome, enqueuedAt: row.enqueuedAt, now: now, using: &generator)
    }
}

/// A `RandomNumberGenerator` drawing from a closure.
private struct ClosureGenerator: RandomNumberGenerator {
    let source: @Sendable () -> UInt64
    mutating func next() -> UInt64 { source() }
}
