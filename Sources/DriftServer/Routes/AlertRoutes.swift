import DriftAlerting
import DriftCore
import DriftEvaluation
import Foundation
import Hummingbird

/// `GET /v1/alerts?model=&state=`: every alert's state (rule, model, feature, since, value) and the
/// newest notifications with their delivery state, dead letters included.
struct AlertRoutes: Sendable {
    let store: any StoragePort
    let rules: RuleBook?
    let authenticator: Authenticator
    let metrics: ServiceMetrics

    /// How many notifications the response lists, newest first.
    static let notificationLimit = 100

    func register(on router: Router<DriftRequestContext>) {
        router.on(RouterPath(APIRoute.listAlerts.path), method: APIRoute.listAlerts.method) { request, _ in
            _ = try authenticator.authorize(header: request.headers[.authorization], scope: .read)
            let model = request.uri.queryParameters.get("model")
            if let model, ModelName(model) == nil {
                throw APIError.badRequest(
                    "invalid_query", "'model' must be a model name ([a-z0-9][a-z0-9._-]{0,63}), got '\(model.prefix(80))'")
            }
            let stateFilter = request.uri.queryParameters.get("state")
            if let stateFilter, AlertStatus(rawValue: stateFilter) == nil {
                throw APIError.badRequest(
                    "invalid_query", "'state' must be inactive, pending, firing or resolved, got '\(stateFilter)'")
            }
            let store = self.store
            let ruleSet = rules?.rules
            let (states, outbox, counts) = try await offload {
                (
                    try store.alertStates(model: model), try store.outboxEntries(model: model, limit: Self.notificationLimit),
                    try store.outboxCounts()
                )
            }
            metrics.recordOutbox(counts: counts)
            let alerts = states.filter { stateFilter == nil || $0.state == stateFilter }.map { record in
                AlertJSON(record, rule: ruleSet?.rules.first { $0.name == record.rule })
            }
            let body = AlertList(
                alerts: alerts, notifications: outbox.map(NotificationJSON.init),
                outbox: OutboxSummary(
                    pending: counts["pending"] ?? 0, delivered: counts["delivered"] ?? 0, dead: counts["dead"] ?? 0,
                    skipped: counts["skipped"] ?? 0))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
        }
    }

    private struct AlertList: Encodable {
        var alerts: [AlertJSON]
        var notifications: [NotificationJSON]
        var outbox: OutboxSummary
    }

    private struct OutboxSummary: Encodable {
        var pending: Int
        var delivered: Int
        var dead: Int
        var skipped: Int
    }

    /// One alert: `since` is when it entered its state (for pending, the start of the first breaching
    /// window; for firing, when it fired; for resolved, when it resolved).
    private struct AlertJSON: Encodable {
        var rule: String
        var model: String
        var feature: String?
        /// The slice watched, `KEY:VALUE`; absent for the whole model.
        var slice: String?
        var state: String
        var since: String?
        var value: Double?
        var metric: String?
        var op: String?
        var threshold: Double?
        var severity: String?
        var consecutiveBreaches: Int
        var lastWindowStart: String?
        var firedAt: String?
        var resolvedAt: String?
        var updatedAt: String

        init(_ record: AlertStateRecord, rule: AlertRule?) {
            self.rule = record.rule
            model = record.model
            feature = record.feature.isEmpty ? nil : record.feature
            slice = record.slice.isEmpty ? nil : record.slice
            state = record.state
            let sinceMilliseconds: Int64? =
                switch record.state {
                case "pending": record.activeSince
                case "firing": record.firedAt
                case "resolved": record.resolvedAt
                default: record.updatedAt
                }
            since = sinceMilliseconds.map(RFC3339.string(milliseconds:))
            value = record.value.flatMap { $0.isFinite ? $0 : nil }
            metric = rule?.metric.rawValue
            op = rule?.op.rawValue
            threshold = rule?.threshold
            severity = rule?.severity.rawValue
            consecutiveBreaches = record.breaches
            lastWindowStart = record.lastWindowStart.map(RFC3339.string(milliseconds:))
            firedAt = record.firedAt.map(RFC3339.string(milliseconds:))
            resolvedAt = record.resolvedAt.map(RFC3339.string(milliseconds:))
            updatedAt = RFC3339.string(milliseconds: record.updatedAt)
        }

        enum CodingKeys: String, CodingKey {
            case rule, model, feature, slice, state, since, value, metric, op, threshold, severity
            case consecutiveBreaches = "consecutive_breaches"
            case lastWindowStart = "last_window_start"
            case firedAt = "fired_at"
            case resolvedAt = "resolved_at"
            case updatedAt = "updated_at"
        }
    }

    /// One notification and where its delivery stands (`dead` is the dead-letter state).
    private struct NotificationJSON: Encodable {
        var webhookID: String
        var receiver: String
        var kind: String
        var rule: String
        var model: String
        var status: String
        var delivery: String
        var attempts: Int
        var createdAt: String
        var nextAttemptAt: String?
        var lastAttemptAt: String?
        var lastStatus: Int?
        var lastError: String?
        var finishedAt: String?

        init(_ record: OutboxRecord) {
            webhookID = record.webhookID
            receiver = record.receiver
            kind = record.kind
            rule = record.rule
            model = record.model
            status = record.status
            delivery = record.deliveryState.rawValue
            attempts = record.attempts
            createdAt = RFC3339.string(milliseconds: record.createdAt)
            nextAttemptAt =
                record.deliveryState == .pending ? RFC3339.string(milliseconds: record.nextAttemptAt) : nil
            lastAttemptAt = record.lastAttemptAt.map(RFC3339.string(milliseconds:))
            lastStatus = record.lastStatus
            lastError = record.lastError
            finishedAt = record.finishedAt.map(RFC3339.string(milliseconds:))
        }

        enum CodingKeys: String, CodingKey {
            case webhookID = "webhook_id"
            case receiver, kind, rule, model, status, delivery, attempts
            case createdAt = "created_at"
            case nextAttemptAt = "next_attempt_at"
            case lastAttemptAt = "last_attempt_at"
            case lastStatus = "last_status"
            case lastError = "last_error"
            case finishedAt = "finished_at"
        }
    }

}
