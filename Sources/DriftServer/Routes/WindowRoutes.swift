import DriftCore
import DriftEvaluation
import Foundation
import Hummingbird

/// `GET /v1/models/{model}/windows?slice=&from=&to=`: evaluated windows of the whole model or of one
/// slice (API.md, "Slices"), oldest first.
struct WindowRoutes: Sendable {
    let store: any StoragePort
    let authenticator: Authenticator

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.listWindows.path), method: APIRoute.listWindows.method) { request, context in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = try IngestRoutes.modelName(context)
            let query = request.uri.queryParameters
            let (from, to) = try SliceRoutes.range(query.get("from"), query.get("to"))
            let slice = try SliceRoutes.slice(query.get("slice"))
            guard try await store.modelSummary(model) != nil else {
                throw APIError.notFound("unknown_model", "no model named '\(model)'")
            }
            let store = self.store
            let windows: [SlicedWindow]
            if slice == .whole {
                windows = try await offload {
                    try store.evaluatedWindows(model: model, from: from, to: to).map {
                        SlicedWindow(window: $0, slice: nil)
                    }
                }
            } else {
                windows = try await offload {
                    try store.evaluatedSliceWindows(model: model, slice: slice, from: from, to: to)
                }
                if windows.isEmpty { try await SliceRoutes.requireKnown(slice, model: model, store: store) }
            }
            let data = try ResultJSON.encoder.encode(WindowList(model: model.rawValue, windows: windows))
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    private struct WindowList: Encodable {
        var model: String
        var windows: [SlicedWindow]
    }
}
