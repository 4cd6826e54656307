import DriftEvaluation
import Logging
import ServiceLifecycle

/// Evaluates every model's due windows every `interval` until graceful shutdown (issue 4's evaluator:
/// closed windows after their allowed lateness, re-evaluation of windows that received late data, and the
/// open window as partial), then runs the alert rules over the complete windows and queues notifications.
struct EvaluationLoop: Service {
    let evaluation: EvaluationService
    let alerting: AlertingRuntime?
    let metrics: ServiceMetrics
    let intervalMilliseconds: Int64
    let logger: Logger
    /// Called after each pass that evaluated at least one window (e.g. to re-render dashboards).
    let afterEvaluation: @Sendable () async -> Void

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await runOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(intervalMilliseconds)) }
        }
    }

    /// One evaluation pass, then one alert pass.
    func runOnce() async {
        var evaluated = 0
        do {
            let outcomes = try await evaluation.evaluateAllDue()
            for (model, outcome) in outcomes {
                switch outcome {
                case .success(let windows) where !windows.isEmpty:
                    evaluated += windows.count
                    metrics.recordLatestWindow(model: model.rawValue, windows: windows)
                    logger.info("windows evaluated", metadata: ["model": "\(model)", "count": "\(windows.count)"])
                case .failure(let error):
                    logger.error("evaluation failed", metadata: ["model": "\(model)", "error": "\(error)"])
                default:
                    break
                }
            }
        } catch {
            logger.error("evaluation pass failed", metadata: ["error": "\(error)"])
        }
        if let alerting { runAlerts(alerting) }
        if evaluated > 0 { await afterEvaluation() }
    }

    private func runAlerts(_ alerting: AlertingRuntime) {
        do {
            let report = try alerting.alerter.evaluateAll()
            for step in report.transitions {
                logger.notice(
                    "alert \(step.status.rawValue)",
                    metadata: [
                        "rule": "\(step.key.rule)", "model": "\(step.key.model)", "feature": "\(step.key.feature ?? "")",
                        "value": "\(step.value)",
                    ])
            }
            if report.suppressedByCooldown > 0 {
                logger.info("retrain triggers held back by cooldown", metadata: ["count": "\(report.suppressedByCooldown)"])
            }
            metrics.recordQueuedNotifications(report.queued)
            metrics.recordAlertStates(try alerting.store.alertStates())
            metrics.recordOutbox(counts: try alerting.store.outboxCounts())
            if report.queued > 0 { alerting.notificationsQueued() }
        } catch {
            logger.error("alert pass failed; retried on the next pass", metadata: ["error": "\(error)"])
        }
    }
}
