import DriftCore
import DriftIngest
import DriftStats
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `/v1/models/{model}/…`: reference uploads, events and labels.
struct IngestRoutes: Sendable {
    let store: any ModelStore
    /// Commits concurrent event batches together (`store.group_commit`); nil: one transaction per batch.
    let committer: GroupCommitter?
    let authenticator: Authenticator
    let metrics: ServiceMetrics
    let limits: Limits
    let bins: Int
    let now: @Sendable () -> Int64

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.putReference.path), method: APIRoute.putReference.method) { request, context in
            try await uploadReference(request, context)
        }
        router.on(RouterPath(APIRoute.postEvents.path), method: APIRoute.postEvents.method) { request, context in
            try await ingestEvents(request, context)
        }
        router.on(RouterPath(APIRoute.postLabels.path), method: APIRoute.postLabels.method) { request, context in
            try await ingestLabels(request, context)
        }
    }

    /// The `{model}` path parameter, validated.
    static func modelName(_ context: DriftRequestContext) throws(APIError) -> ModelName {
        let text = context.parameters.get("model") ?? ""
        guard let name = ModelName(text) else {
            throw .badRequest("invalid_model", "model name '\(text)' must match [a-z0-9][a-z0-9._-]{0,63}")
        }
        return name
    }

    private func uploadReference(_ request: Request, _ context: DriftRequestContext) async throws -> Response {
        _ = try authenticator.authorize(header: request.headers[.authorization], scope: .admin)
        let model = try Self.modelName(context)
        guard let format = ReferenceBodyParser.format(contentType: request.mediaType) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_content_type",
                           "send the reference as text/csv, application/x-ndjson or application/json")
        }
        let (digest, columns) = try await readReference(request, format: format)
        try ReferenceBodyParser.checkNames(columns, maxNameBytes: limits.maxNameBytes)
        var prepared: ReferenceBuilder.Prepared
        do {
            prepared = try ReferenceBuilder.prepare(columns: columns, bins: bins)
        } catch {
            throw APIError.unprocessable("unusable_reference", error.message)
        }
        prepared.segments = ReferenceBuilder.segments(columns: columns, prepared: prepared, bins: bins)
        let (version, created) = try await store.saveReference(
            model: model, prepared: prepared, contentSHA256: digest, at: now())
        context.logger.info(created ? "reference stored" : "reference unchanged", metadata: [
            "model": "\(model)", "version": "\(version)", "rows": "\(prepared.profile.rowCount)", "sha256": "\(digest)",
        ])
        return try JSONResponse.encode(
            ReferenceCreated(prepared: prepared, model: model, version: version, sha256: digest, created: created),
            status: created ? .created : .ok)
    }

    /// The upload's SHA-256 and its columns. A function of its own so that the body's bytes are released
    /// when it returns, before the columns are prepared: the peak holds the body or the prepared
    /// reference, not both.
    private func readReference(_ request: Request, format: ReferenceBodyParser.Format) async throws
        -> (sha256: String, columns: [(name: String, values: ColumnValues)])
    {
        let body = try await request.collectBody(limit: limits.maxReferenceBytes)
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        return (digest, try ReferenceBodyParser.columns(body: body, format: format))
    }

    private func ingestEvents(_ request: Request, _ context: DriftRequestContext) async throws -> Response {
        _ = try authenticator.authorize(header: request.headers[.authorization], scope: .ingest)
        let model = try Self.modelName(context)
        try Self.checkContentType(request)
        guard let (_, schema) = try await store.currentSchema(model: model) else {
            throw APIError.notFound("unknown_model",
                "model '\(model)' has no reference: upload one with PUT /v1/models/\(model)/reference first")
        }
        let body = try await request.collectBody(limit: limits.maxBodyBytes)
        let format = BodyFormat(contentType: request.headers[.contentType], body: body) ?? .json
        let events: [Event]
        do {
            events = try EventBatchParser(limits: limits).parse(body, format: format)
        } catch {
            metrics.recordEvents(model: model.rawValue, accepted: 0, duplicates: 0, rejected: max(error.problems.count, 1))
            throw APIError(error)
        }
        let validation = EventValidator(schema: schema, limits: limits).validate(events, nowMilliseconds: now())
        if let error = validation.error {
            metrics.recordEvents(model: model.rawValue, accepted: 0, duplicates: 0, rejected: events.count)
            throw APIError(error)
        }
        // Validation is over: what reaches the store is a batch it can store, so in a group commit only a
        // store failure of its own (rolled back to its savepoint) can refuse it.
        let unexpected = Self.unexpectedCounts(events, names: validation.unexpectedFeatures)
        let (accepted, duplicates): (Int, Int)
        if let committer {
            let result = try await committer.insert(
                EventBatch(model: model, events: events, receivedAt: now(), unexpectedFeatures: unexpected))
            (accepted, duplicates) = (result.accepted, result.duplicates)
        } else {
            (accepted, duplicates) = try await store.insertEvents(
                model: model, events: events, receivedAt: now(), unexpectedFeatures: unexpected)
        }
        metrics.recordEvents(model: model.rawValue, accepted: accepted, duplicates: duplicates, rejected: 0)
        var response = try JSONResponse.encode(["accepted": accepted, "duplicates": duplicates], status: .accepted)
        response.headers[.driftwatchItems] = String(events.count)
        return response
    }

    /// How many events carried each unexpected feature.
    static func unexpectedCounts(_ events: [Event], names: [String]) -> [String: Int] {
        guard !names.isEmpty else { return [:] }
        let unexpected = Set(names)
        var counts: [String: Int] = [:]
        for event in events {
            for feature in event.features where unexpected.contains(feature.name) {
                counts[feature.name, default: 0] += 1
            }
        }
        return counts
    }

    private func ingestLabels(_ request: Request, _ context: DriftRequestContext) async throws -> Response {
        _ = try authenticator.authorize(header: request.headers[.authorization], scope: .ingest)
        let model = try Self.modelName(context)
        try Self.checkContentType(request)
        guard try await store.currentSchema(model: model) != nil else {
            throw APIError.notFound("unknown_model",
                "model '\(model)' has no reference: upload one with PUT /v1/models/\(model)/reference first")
        }
        let body = try await request.collectBody(limit: limits.maxBodyBytes)
        let format = BodyFormat(contentType: request.headers[.contentType], body: body) ?? .json
        let labels: [LabelRecord]
        do {
            labels = try LabelBatchParser(limits: limits).parse(body, format: format)
        } catch {
            throw APIError(error)
        }
        let (matched, unmatched) = try await store.insertLabels(
            model: model, labels: labels, receivedAt: now(), maxPendingLabels: limits.maxPendingLabels)
        metrics.recordLabels(model: model.rawValue, matched: matched, unmatched: unmatched)
        var response = try JSONResponse.encode(["matched": matched, "unmatched": unmatched], status: .accepted)
        response.headers[.driftwatchItems] = String(labels.count)
        return response
    }

    /// 415 for a media type that is neither JSON nor NDJSON (checked before the body is read), and for a
    /// `Content-Encoding` other than gzip.
    static func checkContentType(_ request: Request) throws(APIError) {
        guard BodyFormat(contentType: request.headers[.contentType], body: []) != nil else {
            let type = request.mediaType.map { "'\($0.prefix(100))'" } ?? "a body without Content-Type"
            throw APIError(.unsupportedMediaType, code: "unsupported_content_type",
                           "\(type) is not supported: send Content-Type: application/json or application/x-ndjson")
        }
        _ = try ContentCoding(header: request.headers[.contentEncoding])
    }
}

/// The 201 answer to a reference upload.
struct ReferenceCreated: Encodable {
    var model: String
    var version: Int
    var rows: Int
    var task: ModelTask
    var positiveLabel: String?
    var schema: [String: FeatureType]
    var prediction: Bool
    /// SHA-256 (hex) of the uploaded bytes.
    var sha256: String
    /// False when the same bytes were the latest version already (nothing new was stored).
    var created: Bool

    init(prepared: ReferenceBuilder.Prepared, model: ModelName, version: Int, sha256: String, created: Bool) {
        self.model = model.rawValue
        self.version = version
        self.sha256 = sha256
        self.created = created
        rows = prepared.profile.rowCount
        task = prepared.schema.task
        positiveLabel = prepared.schema.positiveLabel
        schema = Dictionary(uniqueKeysWithValues: prepared.schema.features.map { ($0.name, $0.type) })
        prediction = prepared.profile.prediction != nil
    }

    private enum CodingKeys: String, CodingKey {
        case model, version, rows, task, schema, prediction, sha256, created
        case positiveLabel = "positive_label"
    }
}

extension HTTPField.Name {
    /// How many events or labels a request carried (for logs and clients).
    static let driftwatchItems = HTTPField.Name("Driftwatch-Items")!
}
