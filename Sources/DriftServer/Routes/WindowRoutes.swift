import DriftCore
import DriftEvaluation
import Foundation
import Hummingbird

/// `GET /v1/models/{model}/windows?from=&to=`: evaluated windows, oldest first.
struct WindowRoutes: Sendable {
    let store: any StoragePort
    let authenticator: Authenticator

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.listWindows.path), method: APIRoute.listWindows.method) { request, context in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = try IngestRoutes.modelName(context)
            let from = try QueryValue.time(request.uri.queryParameters.get("from"), name: "from")
            let to = try QueryValue.time(request.uri.queryParameters.get("to"), name: "to")
            guard try await store.modelSummary(model) != nil else {
                throw APIError.notFound("unknown_model", "no model named '\(model)'")
            }
            let store = self.store
            let windows = try await offload { try store.evaluatedWindows(model: model, from: from, to: to) }
            let body = WindowList(model: model.rawValue, windows: windows)
            let data = try ResultJSON.encoder.encode(body)
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private struct WindowList: Encodable {
        var model: String
        var windows: [WindowResult]
    }
}
