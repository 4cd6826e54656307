public import DriftCore
import Foundation
public import Logging
public import ServiceLifecycle

/// Sends the outbox: a long-running `Service` that delivers due notifications until graceful shutdown.
///
/// Each pass takes up to ``DeliverySettings/batchSize`` due rows, oldest first, and runs each through the
/// ``DeliveryPipeline`` with at most ``DeliverySettings/concurrency`` requests in flight; then it sleeps until
/// the next row is due or for ``DeliverySettings/pollInterval``, whichever is sooner (``wake()`` cuts the
/// sleep short). Everything is in the store, so a restart loses nothing: rows still pending are taken again
/// by the next service, under the same `webhook-id`.
///
/// On graceful shutdown the requests in flight finish (each within the request timeout) and their
/// outcomes are stored; no new row or pass starts. On cancellation the requests in flight are cancelled
/// and stored as failed attempts, so their rows stay pending and are retried after their backoff.
///
/// Decisions use the injected wall clock `now` (ms since the Unix epoch); only the sleeps take real time.
public final class DeliveryService: Service, Sendable {
    public let store: any StoragePort
    public let settings: DeliverySettings
    /// The wall clock.
    public let now: @Sendable () -> Int64
    private let transport: (any WebhookTransport)?
    private let observer: (any DeliveryObserver)?
    private let environment: @Sendable (String) -> String?
    private let logger: Logger
    private let signal = WakeSignal()
    private let passes = Locked(0)

    /// Passes over the outbox completed since ``run()`` started (for tests and diagnostics: a caller can
    /// wait until the service has finished its first pass and gone to sleep).
    public var completedPasses: Int { passes.withLock { $0 } }

    /// - Parameters:
    ///   - store: the store holding the outbox.
    ///   - settings: timeouts, backoff, `max_delivery_age`, polling and concurrency.
    ///   - transport: how requests are sent; nil (the default) makes ``run()`` use an ``HTTPClientTransport``
    ///     of its own, shut down when it returns.
    ///   - observer: told about every row handled, for metrics.
    ///   - environment: reads the signing secrets' environment variables at send time.
    ///   - now: the wall clock in milliseconds since the Unix epoch.
    ///   - logger: where failures and dead letters are logged.
    /// - Throws: ``DeliveryError/Code/invalidSettings`` when a setting is out of range.
    public init(
        store: any StoragePort, settings: DeliverySettings = DeliverySettings(), transport: (any WebhookTransport)? = nil,
        observer: (any DeliveryObserver)? = nil,
        environment: @escaping @Sendable (String) -> String? = WebhookSecret.processEnvironment,
        now: @escaping @Sendable () -> Int64 = WallClock.system,
        logger: Logger = Logger(label: "driftwatch.delivery")
    ) throws(DeliveryError) {
        try settings.validate()
        self.store = store
        self.settings = settings
        self.transport = transport
        self.observer = observer
        self.environment = environment
        self.now = now
        self.logger = logger
    }

    /// Delivers until graceful shutdown or cancellation.
    public func run() async throws {
        if let transport {
            await loop(pipeline(transport: transport))
            return
        }
        let owned = HTTPClientTransport(connectTimeout: settings.requestTimeout)
        await loop(pipeline(transport: owned))
        try await owned.shutdown()
    }

    /// Starts the next pass now instead of after the sleep: call after queueing notifications.
    public func wake() {
        signal.wake()
    }

    /// The pipeline this service runs, sending through `transport`.
    public func pipeline(transport: any WebhookTransport) -> DeliveryPipeline {
        DeliveryPipeline(
            dedupe: DedupeStage(store: store),
            send: SendStage(transport: transport, requestTimeout: settings.requestTimeout, environment: environment),
            retry: RetryStage(policy: settings.retryPolicy), record: RecordStage(store: store), now: now)
    }

    /// One pass: delivers the rows due now through `pipeline`, at most ``DeliverySettings/concurrency`` at once.
    /// Once graceful shutdown has begun, no further row is started.
    /// - Returns: the reports of the rows handled; rows whose handling failed (store errors, which are
    ///   logged) are left out and stay pending.
    /// - Throws: ``DeliveryError/Code/store`` when the due rows cannot be read.
    public func deliverDue(using pipeline: DeliveryPipeline) async throws(DeliveryError) -> [DeliveryReport] {
        try await pass(pipeline).compactMap { $0 }
    }

    /// A pass, with nil for each row whose handling failed.
    private func pass(_ pipeline: DeliveryPipeline) async throws(DeliveryError) -> [DeliveryReport?] {
        let store = self.store
        let (now, limit) = (now(), settings.batchSize)
        // Claimed for long enough to send every row of the pass (replicas sharing a store skip claimed rows).
        let rounds = Int64((limit + max(settings.concurrency, 1) - 1) / max(settings.concurrency, 1) + 1)
        let lease = rounds * Int64(settings.requestTimeout.components.seconds * 1_000 + 1_000)
        let rows = try await StoreCalls.run { () throws(StoreError) in
            try store.claimDueOutbox(now: now, limit: limit, leaseMilliseconds: lease)
        }
        return await withTaskGroup(of: DeliveryReport?.self) { group in
            var reports: [DeliveryReport?] = []
            var running = 0
            for row in rows {
                if running >= settings.concurrency, let finished = await group.next() {
                    running -= 1
                    reports.append(finished)
                }
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                group.addTask { await self.deliver(row, pipeline) }
                running += 1
            }
            for await finished in group {
                reports.append(finished)
            }
            return reports
        }
    }

    /// Delivers one row, logs and reports the result; nil when the store failed.
    private func deliver(_ row: OutboxRecord, _ pipeline: DeliveryPipeline) async -> DeliveryReport? {
        let report: DeliveryReport
        do {
            report = try await pipeline.deliver(row)
        } catch {
            logger.error(
                "delivery of a notification failed before its outcome was stored; it will be tried again",
                metadata: ["webhook_id": "\(row.webhookID)", "receiver": "\(row.receiver)", "error": "\(error)"])
            return nil
        }
        let metadata: Logger.Metadata = [
            "webhook_id": "\(row.webhookID)", "receiver": "\(row.receiver)", "model": "\(row.model)",
            "rule": "\(row.rule)",
        ]
        switch report.disposition {
        case .dead(_, let reason, _):
            logger.warning("notification dead-lettered: \(reason)", metadata: metadata)
        case .retry(let at, _, let error):
            logger.info("notification delivery failed, retrying at \(at) ms: \(error)", metadata: metadata)
        case .delivered, .skipped:
            logger.debug("notification \(report.disposition.name)", metadata: metadata)
        }
        observer?.observe(report)
        return report
    }

    /// Passes and sleeps until graceful shutdown or cancellation.
    private func loop(_ pipeline: DeliveryPipeline) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var healthy = true
            var full = false
            do {
                let reports = try await pass(pipeline)
                passes.withLock { $0 += 1 }
                // A row whose outcome could not be stored is still due: wait a poll interval, not zero.
                healthy = !reports.contains(nil)
                full = reports.count >= settings.batchSize
            } catch {
                healthy = false
                logger.error("cannot read the outbox: \(error)")
            }
            if full && healthy { continue }
            let pause = healthy ? await pauseBeforeNextPass() : settings.pollInterval
            guard pause > .zero else { continue }
            await withTaskCancellationOrGracefulShutdownHandler {
                await signal.sleep(for: pause)
            } onCancelOrGracefulShutdown: { [signal] in
                signal.wake()
            }
        }
    }

    /// Until the next row is due, at most the poll interval, never negative.
    private func pauseBeforeNextPass() async -> Duration {
        let store = self.store
        let next: Int64?
        do {
            next = try await StoreCalls.run { () throws(StoreError) in try store.nextDueTime() }
        } catch {
            return settings.pollInterval
        }
        guard let next else { return settings.pollInterval }
        let untilDue = Duration.milliseconds(max(0, next - now()))
        return min(untilDue, settings.pollInterval)
    }
}
