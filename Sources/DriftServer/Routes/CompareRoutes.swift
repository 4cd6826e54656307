import DriftCore
import DriftEvaluation
import Foundation
import Hummingbird

/// `GET /v1/models/{model}/compare?a=V1&b=V2&from=&to=`: two model versions compared over the events with
/// event time in [from, to) (API.md, "Slices"; statistics in STATISTICS.md, "Comparing two versions").
///
/// `from` and `to` default to the last 24 hours before `now`. A version with no event in the range is a 404
/// whose message lists the versions that have events there, with their counts.
struct CompareRoutes: Sendable {
    let store: any ModelStore
    let authenticator: Authenticator
    let bins: Int
    let now: @Sendable () -> Int64

    /// The default range, in milliseconds.
    static let defaultRangeMilliseconds: Int64 = 24 * 3_600_000

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.compareVersions.path), method: APIRoute.compareVersions.method) {
            request, context in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = try IngestRoutes.modelName(context)
            let query = request.uri.queryParameters
            let a = try Self.version(query.get("a"), name: "a")
            let b = try Self.version(query.get("b"), name: "b")
            guard a != b else {
                throw APIError.badRequest("invalid_query", "'a' and 'b' are both '\(a.prefix(64))'; compare two different versions")
            }
            let to = try QueryValue.time(query.get("to"), name: "to") ?? now()
            let from = try QueryValue.time(query.get("from"), name: "from") ?? (to - Self.defaultRangeMilliseconds)
            guard from < to else {
                throw APIError.badRequest(
                    "invalid_query",
                    "'from' (\(RFC3339.string(milliseconds: from))) must be before 'to' "
                        + "(\(RFC3339.string(milliseconds: to))): the range is [from, to)")
            }
            guard let schema = try await store.currentSchema(model: model)?.schema,
                let outcomes = try await store.versionOutcomes(model: model, a: a, b: b, from: from, to: to)
            else {
                throw APIError.notFound("unknown_model", "no model named '\(model)'")
            }
            for version in [a, b] where outcomes.eventsPerVersion[version] == nil {
                throw APIError.notFound(
                    "unknown_version", Self.unknownVersionMessage(version, outcomes: outcomes, from: from, to: to))
            }
            let comparison = VersionComparison(schema: schema, a: a, b: b, outcomes: outcomes, bins: bins)
            let body = CompareBody(
                model: model.rawValue, from: RFC3339.string(milliseconds: from),
                to: RFC3339.string(milliseconds: to), comparison: comparison)
            let data = try ResultJSON.encoder.encode(body)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// A required version parameter: 1 to ``Limits/maxModelVersionBytes`` bytes without control characters.
    static func version(_ text: String?, name: String) throws(APIError) -> String {
        guard let text, !text.isEmpty else {
            throw APIError.badRequest(
                "invalid_query", "'\(name)' is required: the model_version to compare, e.g. ?a=v1&b=v2")
        }
        guard text.utf8.count <= Limits.maxModelVersionBytes, !ControlCharacters.contains(text) else {
            throw APIError.badRequest(
                "invalid_query",
                "'\(name)' must be a model_version of at most \(Limits.maxModelVersionBytes) bytes without "
                    + "control characters")
        }
        return text
    }

    static func unknownVersionMessage(_ version: String, outcomes: VersionOutcomes, from: Int64, to: Int64) -> String {
        let range = "[\(RFC3339.string(milliseconds: from)), \(RFC3339.string(milliseconds: to)))"
        let present = outcomes.eventsPerVersion.sorted { $0.key < $1.key }
            .prefix(50).map { "'\($0.key)' (\($0.value) events)" }
        let listing =
            present.isEmpty ? "no version has events in that range" : "versions with events: " + present.joined(separator: ", ")
        return "model_version '\(version.prefix(64))' has no events in \(range); \(listing)"
    }

    private struct CompareBody: Encodable {
        var model: String
        var from: String
        var to: String
        var comparison: VersionComparison

        enum CodingKeys: String, CodingKey { case model, from, to }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try comparison.encode(to: encoder)
        }
    }
}
