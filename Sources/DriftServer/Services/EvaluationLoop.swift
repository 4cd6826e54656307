import DriftCore
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
    /// Called after each pass that evaluated at least one window (e.g. to re-render dashboards), with the
    /// names of the models whose windows were evaluated.
    let afterEvaluation: @Sendable (Set<String>) async -> Void

    func run() async throws {
        // The first alert pass catches up from the stored cursors; later ones take the fresh windows.
        var alertsCaughtUp = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            alertsCaughtUp = await runOnce(alertsCaughtUp: alertsCaughtUp)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(intervalMilliseconds)) }
        }
    }

    /// One evaluation pass, then one alert pass: on the windows just evaluated when `alertsCaughtUp`,
    /// else from the stored alert cursors. Returns whether the alerts are caught up afterwards (false when
    /// the evaluation or the alert pass failed, so that the next pass catches up from the store).
    func runOnce(alertsCaughtUp: Bool) async -> Bool {
        var evaluated = 0
        var changed: Set<String> = []
        var fresh: [ModelName: [WindowResult]]? = [:]
        let clock = ContinuousClock()
        let started = clock.now
        var rowsRead = 0
        defer { metrics.recordEvaluationPass(duration: clock.now - started, rowsRead: rowsRead) }
        // Rows the pass read: new rows folded into kept window states, whole windows rebuilt, second reads
        // of crossing slots and changed labels (``WindowStateCache/totals``).
        let readBefore = evaluation.windowStates.totals.rowsRead
        defer { rowsRead = evaluation.windowStates.totals.rowsRead - readBefore }
        defer { recordWindowStates() }
        do {
            let outcomes = try await evaluation.evaluateAllDue()
            for (model, outcome) in outcomes {
                switch outcome {
                case .success(let windows) where !windows.isEmpty:
                    fresh?[model] = windows
                    changed.insert(model.rawValue)
                    evaluated += windows.count
                    metrics.recordLatestWindow(model: model.rawValue, windows: windows)
                    await recordSliceGauges(model: model, windows: windows)
                    logger.info("windows evaluated", metadata: ["model": "\(model)", "count": "\(windows.count)"])
                case .failure(let error):
                    fresh = nil
                    logger.error("evaluation failed", metadata: ["model": "\(model)", "error": "\(error)"])
                default:
                    break
                }
            }
        } catch {
            fresh = nil
            logger.error("evaluation pass failed", metadata: ["error": "\(error)"])
        }
        var alertsSucceeded = true
        if let alerting {
            // The alert pass reads and writes the store synchronously: off the cooperative pool.
            let freshWindows = alertsCaughtUp ? fresh : nil
            alertsSucceeded = (try? await offload { [self] in runAlerts(alerting, fresh: freshWindows) }) ?? false
        }
        if evaluated > 0 { await afterEvaluation(changed) }
        return alertsSucceeded && fresh != nil
    }

    /// Counts the window states saved and loaded in the pass, and logs the ones that could not be read
    /// or saved (each such window is rebuilt from its rows, or its state kept in memory only).
    private func recordWindowStates() {
        guard let persistence = evaluation.windowStates.persistence else { return }
        let report = persistence.drain()
        metrics.recordWindowStates(report)
        for warning in report.warnings { logger.warning("\(warning)") }
    }

    /// Exports the gauges of the slices of the windows just evaluated that the configuration or the
    /// rules ask for (ServiceMetrics+Slices.swift); slices are saved with their window, at its evaluation time.
    private func recordSliceGauges(model: ModelName, windows: [WindowResult]) async {
        let rules = alerting?.rules.rules.rules ?? []
        guard metrics.wantsSliceGauges(model: model.rawValue, rules: rules),
            let since = windows.filter({ !$0.partial }).map(\.evaluatedAt).min()
        else { return }
        let store = evaluation.store
        guard let slices = try? await offload({ try store.finalSliceWindows(model: model, evaluatedSince: since) })
        else { return }
        metrics.recordSliceWindows(model: model.rawValue, windows: slices, rules: rules)
    }

    /// Runs the alert rules; returns whether the pass succeeded.
    private func runAlerts(_ alerting: AlertingRuntime, fresh: [ModelName: [WindowResult]]?) -> Bool {
        do {
            let report = try alerting.alerter.evaluateAll(freshWindows: fresh)
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
            return true
        } catch {
            logger.error("alert pass failed; retried on the next pass", metadata: ["error": "\(error)"])
            return false
        }
    }
}
