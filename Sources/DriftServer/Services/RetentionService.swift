import DriftCore
import Logging
import ServiceLifecycle

/// Deletes raw events older than the retention period, every `interval`, until graceful shutdown.
/// Window results are kept.
struct RetentionService: Service {
    let store: any ModelStore
    let retentionMilliseconds: Int64
    let intervalMilliseconds: Int64
    let now: @Sendable () -> Int64
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let deleted = try await store.deleteEvents(olderThan: now() - retentionMilliseconds)
                if deleted > 0 { logger.info("retention deleted old events", metadata: ["count": "\(deleted)"]) }
            } catch {
                logger.error("retention failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(intervalMilliseconds)) }
        }
    }
}
