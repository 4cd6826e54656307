public import DriftCore

/// Delivers one outbox row through the stages in order — dedupe, send, retry, record — as Alertmanager's
/// notification pipeline does, each stage testable alone.
///
/// 1. ``DedupeStage``: skip when the same content was already delivered for the row's group and receiver.
/// 2. ``RetryStage/expiry(_:now:)``: give up without a request when `max_delivery_age` has passed.
/// 3. ``SendStage``: one signed POST.
/// 4. ``RetryStage/decide(_:outcome:now:)``: delivered, retry at a later time, or dead.
/// 5. ``RecordStage``: store the disposition (and the notification log on delivery).
///
/// Time comes from `now` (ms since the Unix epoch), read at each step; store calls run off the
/// cooperative thread pool.
public struct DeliveryPipeline: Sendable {
    public let dedupe: DedupeStage
    public let send: SendStage
    public let retry: RetryStage
    public let record: RecordStage
    /// The wall clock the decisions use.
    public let now: @Sendable () -> Int64

    public init(
        dedupe: DedupeStage, send: SendStage, retry: RetryStage, record: RecordStage,
        now: @escaping @Sendable () -> Int64
    ) {
        self.dedupe = dedupe
        self.send = send
        self.retry = retry
        self.record = record
        self.now = now
    }

    /// Takes `row` through the stages once and records the result.
    /// - Throws: ``DeliveryError/Code/store`` when the store fails; the row then stays as it was (pending),
    ///   and is taken again on a later pass — a request already sent is sent again (at-least-once).
    public func deliver(_ row: OutboxRecord) async throws(DeliveryError) -> DeliveryReport {
        let dedupe = self.dedupe
        let verdict = try await StoreCalls.run { () throws(StoreError) in try dedupe.check(row) }
        var latency: Duration?
        let disposition: DeliveryDisposition
        if case .skip(let reason) = verdict {
            disposition = .skipped(reason: reason)
        } else if let reason = retry.expiry(row, now: now()) {
            disposition = .dead(status: nil, reason: reason, attempted: false)
        } else {
            let sent = await send.send(row, timestamp: Self.unixSeconds(now()))
            latency = sent.latency
            disposition = decide(row, sent)
        }
        let at = now()
        let record = self.record
        _ = try await StoreCalls.run { () throws(StoreError) in try record.record(row, disposition, at: at) }
        return DeliveryReport(
            outboxID: row.id, webhookID: row.webhookID, receiver: row.receiver, model: row.model, rule: row.rule,
            disposition: disposition, latency: latency)
    }

    /// The disposition after a send.
    private func decide(_ row: OutboxRecord, _ sent: SendStage.Result) -> DeliveryDisposition {
        guard sent.attempted else {
            return .dead(status: nil, reason: sent.outcome.reason, attempted: false)
        }
        switch retry.decide(row, outcome: sent.outcome, now: now()) {
        case .delivered:
            return .delivered(status: sent.outcome.status ?? 200)
        case .retry(let at):
            return .retry(nextAttemptAt: at, status: sent.outcome.status, error: sent.outcome.reason)
        case .giveUp(let reason):
            return .dead(status: sent.outcome.status, reason: reason, attempted: true)
        }
    }

    /// Whole seconds since the Unix epoch of `milliseconds`, rounded down.
    static func unixSeconds(_ milliseconds: Int64) -> Int64 {
        milliseconds >= 0 ? milliseconds / 1_000 : (milliseconds - 999) / 1_000
    }
}
