import DriftAlerting
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the alert rules when the process receives SIGHUP. A reload with errors keeps the rules in
/// force and logs every problem as `file:line:column: message`; `driftwatch_rule_reloads_total{outcome}`
/// counts both outcomes.
struct RuleReloadService: Service {
    let rules: RuleBook
    let metrics: ServiceMetrics
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                reload()
            }
        }
    }

    /// One reload, as SIGHUP triggers it.
    func reload() {
        do {
            let fresh = try rules.reload()
            metrics.recordRuleReload(succeeded: true, rules: fresh.rules.count)
            logger.notice(
                "alert rules reloaded",
                metadata: ["rules": "\(fresh.rules.count)", "receivers": "\(fresh.receivers.count)"])
        } catch {
            metrics.recordRuleReload(succeeded: false, rules: rules.rules.rules.count)
            for problem in error.errors { logger.error("\(problem.description)") }
            logger.error(
                "alert rules NOT reloaded: the previous rules stay in force",
                metadata: ["problems": "\(error.errors.count)"])
        }
    }
}
