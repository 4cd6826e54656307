import DriftCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Logs one line per request at info (route, model, item count, status, duration) and records the
/// request metrics. Never logs bodies, tokens or feature values.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = DriftRequestContext
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let clock = ContinuousClock()
        let start = clock.now
        var status = 500
        var items: String?
        defer {
            let duration = clock.now - start
            let route = context.endpointPath ?? "unmatched"
            metrics.recordRequest(route: route, method: request.method.rawValue, status: status, duration: duration)
            var metadata: Logger.Metadata = [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
                "duration_ms": "\(String(format: "%.2f", duration.fractionalMilliseconds))",
            ]
            if let model = context.parameters.get("model") { metadata["model"] = "\(model)" }
            if let items { metadata["count"] = "\(items)" }
            context.logger.info("request", metadata: metadata)
        }
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            items = response.headers[.driftwatchItems]
            return response
        } catch let error as any HTTPResponseError {
            status = Int(error.status.code)
            throw error
        }
    }
}
