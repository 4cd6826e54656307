import DriftAlerting

/// Counts every delivery attempt in `/metrics` (`driftwatch_notification_attempts_total{receiver,outcome}`).
struct DeliveryMetricsObserver: DeliveryObserver {
    let metrics: ServiceMetrics

    func observe(_ report: DeliveryReport) {
        metrics.recordDeliveryAttempt(receiver: report.receiver, outcome: report.disposition.name)
    }
}
