import DriftCore
import Foundation

/// When to try a failed notification again, or when to give up: a pure function of the attempt count, the
/// attempt's outcome, the times and a random source.
///
/// - Backoff is exponential: the `n`th retry waits about `initialBackoff · 2^(n−1)`, capped at `maxBackoff`.
/// - Jitter is "equal jitter" (Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015):
///   half the backoff is fixed and the other half uniform at random, so retries of many notifications that
///   failed together spread out, yet no retry comes sooner than half its backoff.
/// - A `Retry-After` answer (429, 503 …) is a lower bound on the wait: the receiver knows its load best.
/// - A notification is given up (dead-lettered) when the next attempt would come after
///   `enqueuedAt + maxDeliveryAge`, including when `Retry-After` asks for a wait that long; a permanent
///   outcome is given up at once.
public struct RetryPolicy: Sendable, Hashable {
    /// What to do after an attempt.
    public enum Decision: Sendable, Hashable {
        /// The notification was delivered: nothing to retry.
        case delivered
        /// Try again at this time (ms since the Unix epoch).
        case retry(at: Int64)
        /// Stop: the notification is dead, for this reason.
        case giveUp(reason: String)
    }

    /// The wait before the first retry, before jitter. Default 1 s.
    public var initialBackoff: Duration
    /// The longest wait between two attempts, before `Retry-After`. Default 5 min.
    public var maxBackoff: Duration
    /// How long after queueing a notification may still be sent. Default 24 h (`max_delivery_age`).
    public var maxDeliveryAge: Duration

    /// The factor by which the backoff grows with each failed attempt.
    public static let multiplier: Double = 2

    public init(
        initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(300),
        maxDeliveryAge: Duration = .seconds(24 * 3_600)
    ) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxDeliveryAge = maxDeliveryAge
    }

    /// The last moment (ms) at which a notification queued at `enqueuedAt` may be attempted.
    public func deadline(enqueuedAt: Int64) -> Int64 {
        let (deadline, overflow) = enqueuedAt.addingReportingOverflow(maxDeliveryAge.wholeMilliseconds)
        return overflow ? Int64.max : deadline
    }

    /// Whether a notification queued at `enqueuedAt` is past its `max_delivery_age` at `now`, so that it
    /// should be given up without another attempt.
    public func isExpired(enqueuedAt: Int64, now: Int64) -> Bool {
        now > deadline(enqueuedAt: enqueuedAt)
    }

    /// The backoff before jitter after `attempt` failed attempts (1 for the first), in milliseconds:
    /// `initialBackoff · 2^(attempt−1)`, capped at `maxBackoff`.
    public func backoff(attempt: Int) -> Int64 {
        let initial = Double(initialBackoff.wholeMilliseconds)
        let cap = Double(maxBackoff.wholeMilliseconds)
        // Computed in Double, where 2^1000 is still finite, then capped: no integer overflow however many attempts.
        let exponent = Double(max(0, min(attempt - 1, 1_000)))
        return Int64(min(cap, initial * pow(Self.multiplier, exponent)))
    }

    /// Decides what follows an attempt.
    ///
    /// - Parameters:
    ///   - attempt: the attempts made so far, including this one (1 after the first).
    ///   - outcome: how this attempt went.
    ///   - enqueuedAt: when the notification was queued (ms); `maxDeliveryAge` counts from here.
    ///   - now: the time of the decision (ms).
    ///   - generator: the source of the jitter.
    public func decide(
        attempt: Int, outcome: DeliveryOutcome, enqueuedAt: Int64, now: Int64,
        using generator: inout some RandomNumberGenerator
    ) -> Decision {
        switch outcome {
        case .delivered:
            return .delivered
        case .permanent(_, let reason):
            return .giveUp(reason: reason)
        case .retryable(_, let retryAfter, let reason):
            let backoff = backoff(attempt: attempt)
            // Equal jitter: backoff/2 + uniform[0, backoff/2].
            let half = backoff / 2
            var wait = backoff - half + Int64((Double(half) * Double.random(in: 0..<1, using: &generator)).rounded(.down))
            if let retryAfter { wait = max(wait, retryAfter.delay(now: now)) }
            let (next, overflow) = now.addingReportingOverflow(wait)
            let deadline = deadline(enqueuedAt: enqueuedAt)
            guard !overflow, next <= deadline else {
                return .giveUp(
                    reason: "gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"): the next one would come after "
                        + "max_delivery_age (\(maxDeliveryAge.ruleText)) from queueing; last failure: \(reason)")
            }
            return .retry(at: next)
        }
    }
}
