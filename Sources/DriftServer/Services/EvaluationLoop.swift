import DriftEvaluation
import Logging
import ServiceLifecycle

/// Evaluates every model's due windows every `interval` until graceful shutdown (issue 4's evaluator:
/// closed windows after their allowed lateness, re-evaluation of windows that received late data, and the
/// open window as partial).
struct EvaluationLoop: Service {
    let evaluation: EvaluationService
    let metrics: ServiceMetrics
    let intervalMilliseconds: Int64
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let outcomes = try await evaluation.evaluateAllDue()
                for (model, outcome) in outcomes {
                    switch outcome {
                    case .success(let windows) where !windows.isEmpty:
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
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(intervalMilliseconds)) }
        }
    }
}
