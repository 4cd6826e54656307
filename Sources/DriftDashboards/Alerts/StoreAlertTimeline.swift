public import DriftCore

/// The alert history the alerter keeps in the store (`alert_transition`), with the notifications each
/// change caused (`outbox`, matched by rule and creation time) as its deliveries.
///
/// A delivery's status is its outbox state: `delivered (HTTP 200)`, `pending (attempt 2)`,
/// `dead: HTTP 400` (dead-lettered), or `skipped`. Inactive steps (a pending alert that stopped
/// breaching) are shown as `resolved`.
public struct StoreAlertTimeline: AlertTimelineSource {
    public let store: any StoragePort

    public init(store: any StoragePort) {
        self.store = store
    }

    public func alertTimeline(model: ModelName, from: Int64, to: Int64) throws -> [AlertTimelineEntry] {
        let steps = try store.alertTransitions(model: model.rawValue, from: from, to: to)
        guard !steps.isEmpty else { return [] }
        let earliest = steps.map(\.at).min() ?? from
        var notifications: [String: [OutboxRecord]] = [:]
        for record in try store.outboxEntries(model: model.rawValue, createdFrom: earliest, to: to) {
            notifications["\(record.rule)\u{1F}\(record.createdAt)", default: []].append(record)
        }
        return steps.compactMap { step in
            let state: AlertTimelineState
            switch step.state {
            case "pending": state = .pending
            case "firing": state = .firing
            case "resolved", "inactive": state = .resolved
            default: return nil
            }
            // A group's notification is sent for firing and resolved changes only.
            let sent = state == .pending ? [] : notifications["\(step.rule)\u{1F}\(step.at)"] ?? []
            return AlertTimelineEntry(
                rule: step.rule, model: model, feature: step.feature.isEmpty ? nil : step.feature, slice: step.slice,
                state: state,
                at: step.at, value: step.value,
                deliveries: sent.filter { $0.status == (state == .firing ? "firing" : "resolved") }.map(Self.delivery))
        }
    }

    private static func delivery(_ record: OutboxRecord) -> AlertDelivery {
        let status: String
        switch record.deliveryState {
        case .delivered: status = "delivered" + (record.lastStatus.map { " (HTTP \($0))" } ?? "")
        case .dead: status = "dead: " + (record.lastStatus.map { "HTTP \($0)" } ?? record.lastError ?? "gave up")
        case .pending: status = record.attempts == 0 ? "queued" : "retrying (attempt \(record.attempts + 1))"
        default: status = record.deliveryState.rawValue
        }
        // Evaluation time, as the timeline: the wall-clock send time may be on another clock (the demo).
        return AlertDelivery(receiver: record.receiver, status: status, at: record.createdAt)
    }
}
