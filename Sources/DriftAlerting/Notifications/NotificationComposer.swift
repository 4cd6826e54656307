import DriftEvaluation
public import DriftCore
public import Foundation

/// Turns a ``NotificationGroup`` into the outbox row for one receiver: the labels and annotations of
/// each alert, the body in the receiver's format, a deterministic `webhook-id` and a content digest.
///
/// Per receiver kind:
/// - `webhook`: the Alertmanager v4 webhook payload.
/// - `retrain`: the same payload plus a ``RetrainRequest`` under `retrain`; firing groups only (a
///   retrain receiver is never told that drift resolved).
/// - `alertmanager`: the `/api/v2/alerts` array, POSTed to `url` + `/api/v2/alerts`.
///
/// A receiver with `send_resolved: false` gets only the firing alerts of a group, and nothing for a
/// group in which every alert resolved.
public struct NotificationComposer: Sendable {
    /// The settings links and repeats are built from.
    public let settings: AlertingSettings

    public init(settings: AlertingSettings) {
        self.settings = settings
    }

    /// The outbox row for sending `group` to `receiver`, or nil when the receiver does not take it.
    /// `enqueuedAt` is wall-clock time (ms), from which `max_delivery_age` counts.
    public func outboxRecord(for group: NotificationGroup, receiver: Receiver, enqueuedAt: Int64) -> NewOutboxRecord? {
        var alerts = group.alerts
        if !receiver.sendResolved || receiver.kind == .retrain { alerts = alerts.filter { $0.status == .firing } }
        guard !alerts.isEmpty else { return nil }
        let rendered = alerts.map { render($0, group: group) }
        let status = alerts.contains { $0.status == .firing } ? "firing" : "resolved"
        let body: String
        var url = receiver.url.absoluteString
        switch receiver.kind {
        case .webhook, .retrain:
            let retrain = receiver.kind == .retrain ? retrainRequest(group, alerts: alerts, receiver: receiver) : nil
            body = Self.encode(webhookPayload(group, receiver: receiver, status: status, alerts: rendered, retrain: retrain))
        case .alertmanager:
            url = Self.alertmanagerEndpoint(receiver.url).absoluteString
            body = Self.encode(rendered.map(postable))
        }
        let summary = rendered.map { "\($0.fingerprint):\($0.status)" }.sorted().joined(separator: ",")
        let contentHash = Fingerprint.hex(
            "\(status)|\(summary)|\(group.windowStart)" + (group.isRepeat ? "|repeat@\(group.createdAt)" : ""))
        let webhookID =
            "msg_"
            + Fingerprint.hex("\(group.key)|\(receiver.name)|\(contentHash)|\(group.createdAt)", digits: 26)
        return NewOutboxRecord(
            webhookID: webhookID, groupKey: group.key, contentHash: contentHash, receiver: receiver.name,
            kind: receiver.kind.rawValue, url: url, secretEnv: receiver.secretEnv, model: group.model,
            rule: group.rule.name, status: status, body: body, createdAt: group.createdAt, enqueuedAt: enqueuedAt)
    }

    /// The link to the model's dashboard page.
    public func dashboardLink(model: String) -> String {
        let base = settings.dashboardURL.hasSuffix("/") ? String(settings.dashboardURL.dropLast()) : settings.dashboardURL
        return "\(base)/models/\(model)/index.html"
    }

    private func render(_ alert: AlertSnapshot, group: NotificationGroup) -> AlertmanagerAlert {
        let rule = group.rule
        var labels = rule.labels
        labels["alertname"] = rule.name
        labels["model"] = group.model
        if let feature = alert.key.feature { labels["feature"] = feature }
        if let slice = alert.key.slice { labels["slice"] = slice }
        labels["metric"] = rule.metric.rawValue
        labels["severity"] = rule.severity.rawValue
        let window =
            "\(RFC3339.string(milliseconds: alert.windowStart)) to \(RFC3339.string(milliseconds: alert.windowEnd))"
        let values: [String: String] = [
            "model": group.model, "feature": alert.key.feature ?? "", "metric": rule.metric.rawValue,
            "value": AnnotationRenderer.format(alert.value), "threshold": AnnotationRenderer.format(rule.threshold),
            "op": rule.op.rawValue, "window": window, "severity": rule.severity.rawValue, "rule": rule.name,
            "baseline": alert.baseline.map(AnnotationRenderer.format) ?? "", "dashboard": dashboardLink(model: group.model),
        ]
        var annotations: [String: String] = [
            "value": values["value"]!, "threshold": "\(rule.op.rawValue) \(values["threshold"]!)", "window": window,
            "dashboard": values["dashboard"]!,
        ]
        if rule.baseline != nil { annotations["baseline"] = values["baseline"] }
        for (name, template) in rule.annotations { annotations[name] = AnnotationRenderer.render(template, values: values) }
        let query = "from=\(RFC3339.string(milliseconds: alert.windowStart))&to=\(RFC3339.string(milliseconds: alert.windowEnd))"
        return AlertmanagerAlert(
            status: alert.status.rawValue, labels: labels, annotations: annotations,
            startsAt: RFC3339.string(milliseconds: alert.startsAt),
            endsAt: alert.endsAt.map { RFC3339.string(milliseconds: $0) } ?? "0001-01-01T00:00:00Z",
            generatorURL: "\(trimmedExternalURL)/v1/models/\(group.model)/windows?\(query)",
            fingerprint: Fingerprint.labels(labels))
    }

    private var trimmedExternalURL: String {
        settings.externalURL.hasSuffix("/") ? String(settings.externalURL.dropLast()) : settings.externalURL
    }

    private func webhookPayload(
        _ group: NotificationGroup, receiver: Receiver, status: String, alerts: [AlertmanagerAlert],
        retrain: RetrainRequest?
    ) -> AlertmanagerWebhookPayload {
        let commonLabels = Self.common(alerts.map(\.labels))
        let commonAnnotations = Self.common(alerts.map(\.annotations))
        return AlertmanagerWebhookPayload(
            groupKey: "{}:{alertname=\"\(group.rule.name)\",model=\"\(group.model)\"}", status: status,
            receiver: receiver.name, groupLabels: ["alertname": group.rule.name, "model": group.model],
            commonLabels: commonLabels, commonAnnotations: commonAnnotations, externalURL: trimmedExternalURL,
            alerts: alerts, retrain: retrain)
    }

    private func postable(_ alert: AlertmanagerAlert) -> PostableAlert {
        // A firing alert stays active in Alertmanager until twice the repeat interval has passed
        // without a refresh; a resolved one ends when it resolved.
        let endsAt: String
        if alert.status == "firing", let starts = RFC3339.milliseconds(alert.startsAt) {
            endsAt = RFC3339.string(milliseconds: max(starts, settings.now()) + 2 * settings.repeatIntervalMilliseconds)
        } else {
            endsAt = alert.endsAt
        }
        return PostableAlert(
            labels: alert.labels, annotations: alert.annotations, startsAt: alert.startsAt, endsAt: endsAt,
            generatorURL: alert.generatorURL)
    }

    private func retrainRequest(_ group: NotificationGroup, alerts: [AlertSnapshot], receiver: Receiver)
        -> RetrainRequest
    {
        let from = alerts.map(\.breachStart).min() ?? group.windowStart
        let cooldown = receiver.retrainCooldown ?? Receiver.defaultRetrainCooldown
        return RetrainRequest(
            model: group.model, referenceVersion: group.referenceVersion,
            window: .init(
                start: RFC3339.string(milliseconds: group.windowStart),
                end: RFC3339.string(milliseconds: group.windowEnd)),
            driftedFeatures: group.driftedFeatures,
            suggestedTrainingData: .init(
                from: RFC3339.string(milliseconds: from), to: RFC3339.string(milliseconds: group.windowEnd)),
            rule: group.rule.name, cooldownSeconds: cooldown.components.seconds, slice: group.slice)
    }

    /// The pairs every dictionary has with the same value.
    private static func common(_ maps: [[String: String]]) -> [String: String] {
        guard var common = maps.first else { return [:] }
        for map in maps.dropFirst() { common = common.filter { map[$0.key] == $0.value } }
        return common
    }

    /// Compact JSON with sorted keys, so the same notification always has the same bytes.
    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail: every value is a string, number or nested struct.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension NotificationComposer {
    /// Alertmanager's alerts endpoint under a receiver's base URL: `/api/v2/alerts` appended to its path,
    /// its query and fragment kept where they belong (`http://am:9093/prefix?x=1` →
    /// `http://am:9093/prefix/api/v2/alerts?x=1`), rather than pasted after them.
    public static func alertmanagerEndpoint(_ base: URL) -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else {
            return base.appendingPathComponent("api/v2/alerts")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path + "/api/v2/alerts"
        components.fragment = nil
        return components.url ?? base.appendingPathComponent("api/v2/alerts")
    }
}
