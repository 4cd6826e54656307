import DriftCore
import DriftEvaluation
import Foundation

/// The end-of-demo summary: what was streamed, what fired, what was delivered, where the dashboard is.
struct DemoSummary {
    var windows = 0
    var latestAccuracy: Double?
    var referenceAccuracy: Double?
    var firing: [String] = []
    var delivered = 0
    var dead = 0
    var receiver = DemoReceiver.Tally()
    /// Rule name → earliest `fired_at` in the alert list at the end (for rules that fired only after the
    /// traffic, when the last labels arrived).
    var firedAt: [String: Int64] = [:]
    /// The versions compared over the last phase.
    var comparison: DemoComparison?
    /// When each region drifted first.
    var regions: DemoRegions?

    static func collect(client: DemoClient, tally: Locked<DemoReceiver.Tally>) async throws -> DemoSummary {
        var summary = DemoSummary()
        let list = try await client.expect(200, "GET", "/v1/models/\(DemoCommand.model)/windows")
        let windows = list["windows"] as? [[String: Any]] ?? []
        summary.windows = windows.filter { $0["partial"] as? Bool == false }.count
        if let labelled = windows.last(where: { ($0["performance"] as? [String: Any])?["accuracy"] != nil }) {
            summary.latestAccuracy = (labelled["performance"] as? [String: Any])?["accuracy"] as? Double
            summary.referenceAccuracy = (labelled["reference_performance"] as? [String: Any])?["accuracy"] as? Double
        }
        let alerts = try await client.expect(200, "GET", "/v1/alerts?state=firing")
        summary.firing = (alerts["alerts"] as? [[String: Any]] ?? []).map { alert in
            let feature = (alert["feature"] as? String).map { "/\($0)" } ?? ""
            return "\(alert["rule"] as? String ?? "?")\(feature)"
        }.sorted()
        let all = try await client.expect(200, "GET", "/v1/alerts?model=\(DemoCommand.model)")
        for alert in all["alerts"] as? [[String: Any]] ?? [] {
            guard let rule = alert["rule"] as? String,
                let fired = (alert["fired_at"] as? String).flatMap(RFC3339.milliseconds)
            else { continue }
            summary.firedAt[rule] = min(summary.firedAt[rule] ?? fired, fired)
        }
        let outbox = alerts["outbox"] as? [String: Int] ?? [:]
        summary.delivered = outbox["delivered"] ?? 0
        summary.dead = outbox["dead"] ?? 0
        summary.receiver = tally.withLock { $0 }
        return summary
    }

    func text(totals: TrafficStream.Totals, seconds: Double, site: String) -> String {
        var lines: [String] = []
        lines.append(
            "Demo finished in \(String(format: "%.1f", seconds)) s: \(totals.hours) simulated hours, "
                + "\(totals.events) events (\(totals.shadowEvents) of them shadow \(LoanTraffic.shadow)'s), "
                + "\(totals.labels) labels (\(DemoCommand.labelDelayHours) h late, "
                + "\(DemoCommand.conceptDriftLabelDelayHours) h in the concept-drift phase).")
        lines.append("Windows evaluated: \(windows) hourly windows, each re-evaluated when its labels arrived.")
        if let latestAccuracy, let referenceAccuracy {
            lines.append(
                "Accuracy in the last labelled window: \(String(format: "%.3f", latestAccuracy)) "
                    + "(reference \(String(format: "%.3f", referenceAccuracy))).")
        }
        lines.append(leadLine(totals: totals))
        lines.append(
            "Alerts firing at the end (\(firing.count)): "
                + (firing.isEmpty ? "none" : firing.joined(separator: ", ")))
        lines.append(
            "Notifications: \(delivered) delivered, \(dead) dead-lettered; the receiver verified "
                + "\(receiver.notifications) signed webhooks (\(receiver.firing) firing, \(receiver.resolved) resolved), "
                + "\(receiver.retrainTriggers) retrain trigger(s), \(receiver.badSignatures) bad signature(s).")
        if let regions { lines.append(regions.line()) }
        lines.append(contentsOf: comparison?.lines() ?? [])
        lines.append("Dashboard: \(site)")
        return lines.joined(separator: "\n")
    }

    /// How long the estimated-accuracy alert (CBPE, from scores alone) led the realised-accuracy one.
    func leadLine(totals: TrafficStream.Totals) -> String {
        func fired(_ rule: String) -> Int64? { totals.firstFired[rule] ?? firedAt[rule] }
        let estimated = fired(DemoRules.estimatedAccuracyRule), realised = fired(DemoRules.accuracyRule)
        switch (estimated, realised) {
        case (let estimated?, let realised?):
            let hours = Double(realised - estimated) / Double(DemoCommand.hour)
            let when = "at \(TrafficStream.clockText(estimated)), realised at \(TrafficStream.clockText(realised))"
            return hours >= 0
                ? "Estimated accuracy (no labels needed) fired \(String(format: "%.1f", hours)) h before the realised "
                    + "accuracy alert (\(when))."
                : "Estimated accuracy fired \(String(format: "%.1f", -hours)) h after the realised accuracy alert (\(when))."
        case (let estimated?, nil):
            return "Estimated accuracy fired at \(TrafficStream.clockText(estimated)); the realised accuracy alert has "
                + "not fired (yet)."
        case (nil, let realised?):
            return "The realised accuracy alert fired at \(TrafficStream.clockText(realised)); the estimate did not "
                + "fire (CBPE cannot see concept drift on its own)."
        case (nil, nil):
            return "Neither the estimated nor the realised accuracy alert fired."
        }
    }
}
