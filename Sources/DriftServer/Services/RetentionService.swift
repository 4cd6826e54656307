import DriftCore
import Logging
import ServiceLifecycle

/// Every `interval`, until graceful shutdown: deletes raw events older than the retention period, and
/// drops labels that have waited longer than the label horizon for an event that never came (counted in
/// `driftwatch_pending_labels_expired_total`). Window results are kept.
struct RetentionService: Service {
    let store: any ModelStore
    let retentionMilliseconds: Int64
    let pendingLabelHorizonMilliseconds: Int64
    let intervalMilliseconds: Int64
    let metrics: ServiceMetrics
    let now: @Sendable () -> Int64
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await runOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(intervalMilliseconds)) }
        }
    }

    /// One retention pass.
    func runOnce() async {
        let time = now()
        do {
            let deleted = try await store.deleteEvents(olderThan: time - retentionMilliseconds)
            if deleted > 0 { logger.info("retention deleted old events", metadata: ["count": "\(deleted)"]) }
        } catch {
            logger.error("retention failed", metadata: ["error": "\(error)"])
        }
        do {
            let expired = try await store.expirePendingLabels(receivedBefore: time - pendingLabelHorizonMilliseconds)
            if expired > 0 {
                metrics.recordExpiredLabels(expired)
                logger.info("labels expired without their event", metadata: ["count": "\(expired)"])
            }
        } catch {
            logger.error("expiring pending labels failed", metadata: ["error": "\(error)"])
        }
    }
}
