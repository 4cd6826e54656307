/// The body of a webhook notification: Prometheus Alertmanager's webhook payload, version 4
/// (prometheus.io/docs/alerting/latest/configuration/#webhook_config), so receivers written for
/// Alertmanager accept it. Times are RFC 3339 UTC; a firing alert's `endsAt` is Alertmanager's zero time.
struct AlertmanagerWebhookPayload: Encodable {
    var version = "4"
    var groupKey: String
    var truncatedAlerts = 0
    var status: String
    var receiver: String
    var groupLabels: [String: String]
    var commonLabels: [String: String]
    var commonAnnotations: [String: String]
    var externalURL: String
    var alerts: [AlertmanagerAlert]
    /// Present on `retrain` receivers only: what to retrain and on which data.
    var retrain: RetrainRequest?
}

/// One alert in a webhook payload.
struct AlertmanagerAlert: Encodable {
    var status: String
    var labels: [String: String]
    var annotations: [String: String]
    var startsAt: String
    var endsAt: String
    var generatorURL: String
    var fingerprint: String
}

/// One alert as Alertmanager's API accepts it (`POST /api/v2/alerts`, a JSON array of these): the
/// `alertmanager` receiver kind hands alerts to a real Alertmanager, which then groups, silences and
/// routes them. `endsAt` in the future keeps a firing alert active until the next repeat refreshes it.
struct PostableAlert: Encodable {
    var labels: [String: String]
    var annotations: [String: String]
    var startsAt: String
    var endsAt: String
    var generatorURL: String
}
