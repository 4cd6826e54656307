import DriftCore
import DriftEvaluation
import Foundation
import Hummingbird

/// `GET /v1/models/{model}/slices?from=&to=`: the slices of a model with windows in the range, with their
/// event and window counts (API.md, "Slices").
struct SliceRoutes: Sendable {
    let store: any StoragePort
    let authenticator: Authenticator

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.listSlices.path), method: APIRoute.listSlices.method) { request, context in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = try IngestRoutes.modelName(context)
            let query = request.uri.queryParameters
            let (from, to) = try Self.range(query.get("from"), query.get("to"))
            guard try await store.modelSummary(model) != nil else {
                throw APIError.notFound("unknown_model", "no model named '\(model)'")
            }
            let store = self.store
            let summaries = try await offload { try store.sliceSummaries(model: model, from: from, to: to) }
            let body = SliceList(
                model: model.rawValue,
                slices: summaries.compactMap { summary in
                    guard let key = SliceKey(parsing: summary.slice), let name = key.key else { return nil }
                    return SliceEntry(key: name, value: key.value, events: summary.events, windows: summary.windows)
                })
            let data = try ResultJSON.encoder.encode(body)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// `from` and `to`, each optional; both given, `from` must be before `to`.
    static func range(_ fromText: String?, _ toText: String?) throws(APIError) -> (Int64?, Int64?) {
        let from = try QueryValue.time(fromText, name: "from")
        let to = try QueryValue.time(toText, name: "to")
        if let from, let to, from >= to {
            throw APIError.badRequest(
                "invalid_query",
                "'from' (\(RFC3339.string(milliseconds: from))) must be before 'to' "
                    + "(\(RFC3339.string(milliseconds: to))): the range is [from, to)")
        }
        return (from, to)
    }

    /// The `slice` parameter: absent or empty for the whole model, else `KEY:VALUE`.
    static func slice(_ text: String?) throws(APIError) -> SliceKey {
        guard let text, !text.isEmpty else { return .whole }
        guard text.utf8.count <= Limits.maxTagKeyBytes + 1 + Limits.maxTagValueBytes, !ControlCharacters.contains(text),
            let key = SliceKey(parsing: text), key.key != nil, !key.value.isEmpty
        else {
            throw APIError.badRequest(
                "invalid_query",
                "'slice' must be KEY:VALUE, e.g. model_version:v2 or region:eu, got '\(text.prefix(64))'")
        }
        return key
    }

    /// Throws a 404 listing the model's slices when `slice` has never been evaluated.
    static func requireKnown(_ slice: SliceKey, model: ModelName, store: any StoragePort) async throws {
        let known = try await offload { try store.sliceSummaries(model: model) }
        guard !known.contains(where: { $0.slice == slice.description }) else { return }
        let kind =
            slice.key == SliceKey.versionKey
            ? "model_version '\(slice.value.prefix(64))'" : "slice '\(slice.description.prefix(128))'"
        let listing =
            known.isEmpty
            ? "the model has no slices yet (versions appear with events that carry model_version; segments with the "
                + "models.\(model).segments setting)"
            : "slices: " + known.prefix(50).map { "\($0.slice) (\($0.windows) windows)" }.joined(separator: ", ")
        throw APIError.notFound("unknown_slice", "model '\(model)' has no \(kind); \(listing)")
    }

    private struct SliceList: Encodable {
        var model: String
        var slices: [SliceEntry]
    }

    private struct SliceEntry: Encodable {
        var key: String
        var value: String
        var events: Int
        var windows: Int
    }
}
