import DriftCore
import Prometheus

extension ServiceMetrics {
    /// Sets `driftwatch_alerts{state}` (alerts per state) and `driftwatch_alert_firing{rule,model}` (the
    /// number of features of each rule and model that fire; 0 once they stop) from the stored states.
    func recordAlertStates(_ states: [AlertStateRecord]) {
        var perState: [String: Int] = ["inactive": 0, "pending": 0, "firing": 0, "resolved": 0]
        var firing: [String: (rule: String, model: String, count: Int)] = [:]
        for state in states {
            perState[state.state, default: 0] += 1
            let key = "\(state.rule)\u{1F}\(state.model)"
            var entry = firing[key] ?? (state.rule, state.model, 0)
            if state.state == "firing" { entry.count += 1 }
            firing[key] = entry
        }
        for (state, count) in perState {
            registry.makeGauge(
                descriptor: ServiceMetrics.name("driftwatch_alerts", "Alerts by state"),
                labels: [("state", state)]
            ).set(Double(count))
        }
        for entry in firing.values {
            registry.makeGauge(
                descriptor: ServiceMetrics.name("driftwatch_alert_firing", "Features of a rule and model that are firing"),
                labels: [("rule", entry.rule), ("model", entry.model)]
            ).set(Double(entry.count))
        }
    }

    /// Counts notifications queued by the alerter, by rule.
    func recordQueuedNotifications(_ count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(
            descriptor: ServiceMetrics.name("driftwatch_notifications_queued_total", "Notifications written to the outbox"),
            labels: []
        ).increment(by: Int64(count))
    }

    /// Sets `driftwatch_outbox_notifications{state}`: pending, delivered, dead (the dead letters) and skipped.
    func recordOutbox(counts: [String: Int]) {
        for state in ["pending", "delivered", "dead", "skipped"] {
            registry.makeGauge(
                descriptor: ServiceMetrics.name("driftwatch_outbox_notifications", "Notifications in the outbox by delivery state"),
                labels: [("state", state)]
            ).set(Double(counts[state] ?? 0))
        }
    }

    /// Counts one delivery attempt's outcome (delivered, retry, dead, skipped) per receiver.
    func recordDeliveryAttempt(receiver: String, outcome: String) {
        registry.makeCounter(
            descriptor: ServiceMetrics.name("driftwatch_notification_attempts_total", "Webhook delivery attempts by receiver and outcome"),
            labels: [("receiver", receiver), ("outcome", outcome)]
        ).increment()
    }
}

extension ServiceMetrics {
    /// Counts a rule reload (`driftwatch_rule_reloads_total{outcome="success"|"failure"}`) and sets
    /// `driftwatch_rules_loaded` to the number of rules in force.
    func recordRuleReload(succeeded: Bool, rules: Int) {
        registry.makeCounter(
            descriptor: ServiceMetrics.name("driftwatch_rule_reloads_total", "Alert rule reloads (SIGHUP) by outcome"),
            labels: [("outcome", succeeded ? "success" : "failure")]
        ).increment()
        recordRulesLoaded(rules)
    }

    /// Sets `driftwatch_rules_loaded`.
    func recordRulesLoaded(_ count: Int) {
        registry.makeGauge(
            descriptor: ServiceMetrics.name("driftwatch_rules_loaded", "Alert rules in force"),
            labels: []
        ).set(Double(count))
    }
}
