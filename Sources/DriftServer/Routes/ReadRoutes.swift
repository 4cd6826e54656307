import DriftCore
import DriftEvaluation
import Foundation
import Hummingbird

/// Models, health, metrics and the API description.
struct ReadRoutes: Sendable {
    let store: any ModelStore
    let authenticator: Authenticator
    let metrics: ServiceMetrics
    /// Fills in each model's `status`.
    let statuses: ModelStatusReader

    /// Models per page of `GET /v1/models` when `limit` is not given, and the largest `limit`.
    static let defaultPageSize = 100
    static let maximumPageSize = 1_000

    /// One page of models, by name: `?limit=` (1…1000, default 100) after the name `?after=`; `next` is the
    /// `after` of the following page, null on the last.
    private func modelPage(_ request: Request) async throws -> ModelPage {
        let query = request.uri.queryParameters
        let limit =
            try QueryValue.integer(query.get("limit"), name: "limit", range: 1...Self.maximumPageSize)
            ?? Self.defaultPageSize
        let after = query.get("after").flatMap { $0.isEmpty ? nil : $0 }
        if let after, after.utf8.count > 256 {
            throw APIError.badRequest("invalid_query", "'after' must be a model name from a previous page's 'next'")
        }
        var models = try await store.modelSummaries(after: after, limit: limit + 1)
        var next: String?
        if models.count > limit {
            models.removeLast(models.count - limit)
            next = models.last?.name
        }
        return ModelPage(models: try await withStatus(models), next: next)
    }

    /// The summaries with their `status`.
    private func withStatus(_ models: [ModelSummary]) async throws -> [ModelSummary] {
        let named = models.compactMap { summary in ModelName(summary.name).map { ($0, summary.counts.events) } }
        let statuses = statuses
        let assessed = try await offload { () throws -> [String: StatusAssessment] in
            try statuses.assessments(of: named.map { (name: $0.0, storedEvents: $0.1) })
        }
        return models.map { summary in
            var summary = summary
            summary.status = assessed[summary.name]?.status ?? .noData
            return summary
        }
    }

    private struct ModelPage: Encodable {
        var models: [ModelSummary]
        var next: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(models, forKey: .models)
            try container.encode(next, forKey: .next)
        }

        private enum CodingKeys: String, CodingKey { case models, next }
    }

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.listModels.path), method: APIRoute.listModels.method) { request, _ in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            return try JSONResponse.encode(try await modelPage(request))
        }
        router.on(RouterPath(APIRoute.getModel.path), method: APIRoute.getModel.method) { request, context in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = try IngestRoutes.modelName(context)
            guard var summary = try await store.modelSummary(model) else {
                throw APIError.notFound("unknown_model", "no model named '\(model)'")
            }
            summary.estimatedPerformance = try await store.estimationAvailability(model)
            return try JSONResponse.encode(try await withStatus([summary])[0])
        }
        router.on(RouterPath(APIRoute.healthz.path), method: APIRoute.healthz.method) { _, _ -> Response in
            let writable = await store.isWritable()
            return try JSONResponse.encode(
                ["status": writable ? "ok" : "store not writable"], status: writable ? .ok : .serviceUnavailable)
        }
        router.on(RouterPath(APIRoute.metrics.path), method: APIRoute.metrics.method) { request, _ -> Response in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            metrics.setStoreSize(bytes: store.sizeBytes())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.on(RouterPath(APIRoute.openAPI.path), method: APIRoute.openAPI.method) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
