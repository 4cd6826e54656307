import DriftAlerting
import Foundation
import Testing

/// A generator that always returns the same value: 0 draws the least jitter, `UInt64.max` the most.
struct ConstantGenerator: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite struct RetryPolicyTests {
    static let t0: Int64 = 1_767_225_600_000
    static let policy = RetryPolicy()  // 1 s initial, 5 min cap, 24 h max age

    static let retryable = DeliveryOutcome.retryable(status: 503, retryAfter: nil, reason: "receiver answered 503")

    @Test(arguments: [
        (1, 1_000), (2, 2_000), (3, 4_000), (4, 8_000), (8, 128_000), (9, 256_000), (10, 300_000), (11, 300_000),
        (60, 300_000), (10_000, 300_000),
    ] as [(Int, Int64)])
    func backoffDoublesUpToTheCap(attempt: Int, expected: Int64) {
        #expect(Self.policy.backoff(attempt: attempt) == expected)
    }

    /// Equal jitter: the wait lies in [backoff/2, backoff); the least and the most jitter bound it.
    @Test(arguments: [(1, 500, 999), (2, 1_000, 1_999), (3, 2_000, 3_999), (12, 150_000, 299_999)] as [(Int, Int64, Int64)])
    func equalJitterKeepsHalfTheBackoff(attempt: Int, least: Int64, most: Int64) {
        var low = ConstantGenerator(value: 0)
        var high = ConstantGenerator(value: .max)
        let now = Self.t0 + 10
        #expect(
            Self.policy.decide(attempt: attempt, outcome: Self.retryable, enqueuedAt: Self.t0, now: now, using: &low)
                == .retry(at: now + least))
        #expect(
            Self.policy.decide(attempt: attempt, outcome: Self.retryable, enqueuedAt: Self.t0, now: now, using: &high)
                == .retry(at: now + most))
    }

    @Test func jitterIsSpreadOverTheUpperHalf() {
        var generator = SystemRandomNumberGenerator()
        let waits = (0..<200).map { _ -> Int64 in
            guard case .retry(let at) = Self.policy.decide(
                attempt: 4, outcome: Self.retryable, enqueuedAt: Self.t0, now: Self.t0, using: &generator)
            else { return -1 }
            return at - Self.t0
        }
        #expect(waits.allSatisfy { (4_000..<8_000).contains($0) })
        #expect(Set(waits).count > 100, "200 draws over 4,000 values should rarely collide")
    }

    @Test func retryAfterIsALowerBound() {
        var generator = ConstantGenerator(value: 0)
        let now = Self.t0 + 1_000
        let seconds = DeliveryOutcome.retryable(status: 429, retryAfter: .seconds(30), reason: "429")
        #expect(
            Self.policy.decide(attempt: 1, outcome: seconds, enqueuedAt: Self.t0, now: now, using: &generator)
                == .retry(at: now + 30_000))
        // Shorter than the backoff: the backoff wins.
        let short = DeliveryOutcome.retryable(status: 429, retryAfter: .seconds(0), reason: "429")
        #expect(
            Self.policy.decide(attempt: 3, outcome: short, enqueuedAt: Self.t0, now: now, using: &generator)
                == .retry(at: now + 2_000))
        // An HTTP-date: wait until then.
        let date = DeliveryOutcome.retryable(status: 503, retryAfter: .date(now + 90_000), reason: "503")
        #expect(
            Self.policy.decide(attempt: 1, outcome: date, enqueuedAt: Self.t0, now: now, using: &generator)
                == .retry(at: now + 90_000))
    }

    @Test func givesUpWhenTheNextAttemptWouldBeAfterTheMaxAge() {
        var generator = ConstantGenerator(value: 0)
        let deadline = Self.t0 + 24 * 3_600_000
        #expect(Self.policy.deadline(enqueuedAt: Self.t0) == deadline)
        // Attempt 1 waits exactly 500 ms with no jitter: landing on the deadline is still allowed.
        #expect(
            Self.policy.decide(
                attempt: 1, outcome: Self.retryable, enqueuedAt: Self.t0, now: deadline - 500, using: &generator)
                == .retry(at: deadline))
        let late = Self.policy.decide(
            attempt: 1, outcome: Self.retryable, enqueuedAt: Self.t0, now: deadline - 499, using: &generator)
        guard case .giveUp(let reason) = late else {
            Issue.record("expected to give up, got \(late)")
            return
        }
        #expect(reason.contains("max_delivery_age (1d)"))
        #expect(reason.contains("receiver answered 503"))
        // A Retry-After beyond the deadline gives up too.
        let patient = DeliveryOutcome.retryable(status: 429, retryAfter: .seconds(86_400), reason: "429")
        guard case .giveUp = Self.policy.decide(
            attempt: 1, outcome: patient, enqueuedAt: Self.t0, now: Self.t0 + 1, using: &generator)
        else {
            Issue.record("a Retry-After past max_delivery_age should give up")
            return
        }
    }

    @Test func permanentOutcomesGiveUpAndDeliveriesStop() {
        var generator = ConstantGenerator(value: 0)
        #expect(
            Self.policy.decide(
                attempt: 1, outcome: .permanent(status: 400, reason: "bad request"), enqueuedAt: Self.t0, now: Self.t0,
                using: &generator) == .giveUp(reason: "bad request"))
        #expect(
            Self.policy.decide(
                attempt: 7, outcome: .delivered(status: 200), enqueuedAt: Self.t0, now: Self.t0, using: &generator)
                == .delivered)
    }

    @Test func expiryCountsFromQueueing() {
        let policy = RetryPolicy(maxDeliveryAge: .seconds(60))
        #expect(!policy.isExpired(enqueuedAt: Self.t0, now: Self.t0 + 60_000))
        #expect(policy.isExpired(enqueuedAt: Self.t0, now: Self.t0 + 60_001))
    }
}

@Suite struct RetryAfterTests {
    /// 1994-11-06T08:49:37Z, the RFC 9110 example date, from Foundation's ISO 8601 parser.
    static let example = Int64(ISO8601DateFormatter().date(from: "1994-11-06T08:49:37Z")!.timeIntervalSince1970) * 1_000

    @Test(arguments: [
        ("120", RetryAfter.seconds(120)), ("0", .seconds(0)), (" 7 ", .seconds(7)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", .date(example)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", .date(example)),
        ("Sun Nov  6 08:49:37 1994", .date(example)),
    ])
    func parsesDelaySecondsAndAllThreeDateForms(text: String, expected: RetryAfter) {
        #expect(RetryAfter(headerValue: text) == expected)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994 08:49:37 GMT"])
    func rejectsAnythingElse(text: String) {
        #expect(RetryAfter(headerValue: text) == nil)
    }

    @Test func delayIsCountedFromNowAndNeverNegative() {
        #expect(RetryAfter.seconds(3).delay(now: 123) == 3_000)
        #expect(RetryAfter.date(10_000).delay(now: 4_000) == 6_000)
        #expect(RetryAfter.date(10_000).delay(now: 20_000) == 0)
        // Too many digits for Int64: read as an effectively endless wait, which the policy then gives up on.
        #expect((RetryAfter(headerValue: "99999999999999999999")?.delay(now: 0) ?? 0) > 9_000_000_000_000_000_000)
    }

    @Test func leapDayAndCenturyDatesConvert() throws {
        for iso in ["2000-02-29T00:00:00Z", "2100-03-01T12:00:00Z", "1970-01-01T00:00:00Z", "2026-12-31T23:59:59Z"] {
            let date = try #require(ISO8601DateFormatter().date(from: iso))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let header = formatter.string(from: date)
            #expect(RetryAfter(headerValue: header) == .date(Int64(date.timeIntervalSince1970) * 1_000), "\(header)")
        }
    }
}
