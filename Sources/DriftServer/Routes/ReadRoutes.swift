import DriftCore
import Foundation
import Hummingbird

/// Models, health, metrics and the API description.
struct ReadRoutes: Sendable {
    let store: any ModelStore
    let authenticator: Authenticator
    let metrics: ServiceMetrics

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.listModels.path), method: APIRoute.listModels.method) { request, _ in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            return try JSONResponse.encode(["models": try await store.modelSummaries()])
        }
        router.on(RouterPath(APIRoute.getModel.path), method: APIRoute.getModel.method) { request, context in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = try IngestRoutes.modelName(context)
            guard let summary = try await store.modelSummary(model) else {
                throw APIError.notFound("unknown_model", "no model named '\(model)'")
            }
            return try JSONResponse.encode(summary)
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
