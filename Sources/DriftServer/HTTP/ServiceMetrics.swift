public import Prometheus

/// The service's Prometheus metrics: requests by route and status, latency, ingestion outcomes, batch
/// sizes and store size, exposed at `/metrics` in the text exposition format.
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Which window gauges are exported (``MetricsSettings``).
    public let windowGauges: MetricsSettings
    private let storeBytes: Gauge

    public init(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), windowGauges: MetricsSettings = MetricsSettings()
    ) {
        self.registry = registry
        self.windowGauges = windowGauges
        storeBytes = registry.makeGauge(descriptor: Self.name("driftwatch_store_size_bytes", "Size of the SQLite store"))
    }

    /// A metric's name and help text (no unit suffix: the names carry their unit, e.g. `_seconds`).
    static func name(_ metric: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: metric, unitName: "", helpText: help)
    }

    /// Counts one request and records its duration.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("driftwatch_http_requests_total", "HTTP requests by route, method and status"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("driftwatch_http_request_duration_seconds", "HTTP request latency"),
            labels: [("route", route), ("method", method)],
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]
        ).record(duration)
    }

    /// Counts the outcome of an events request.
    func recordEvents(model: String, accepted: Int, duplicates: Int, rejected: Int) {
        let descriptor = Self.name("driftwatch_events_total", "Events by outcome: accepted, duplicate, rejected")
        for (outcome, count) in [("accepted", accepted), ("duplicate", duplicates), ("rejected", rejected)] where count > 0 {
            registry.makeCounter(descriptor: descriptor, labels: [("model", model), ("outcome", outcome)])
                .increment(by: Int64(count))
        }
        registry.makeValueHistogram(
            descriptor: Self.name("driftwatch_batch_size_events", "Events per request"),
            labels: [],
            buckets: [1, 10, 50, 100, 500, 1_000, 5_000, 10_000]
        ).record(Double(accepted + duplicates + rejected))
    }

    /// Records one group commit: how many event batches (requests) its transaction held.
    func recordGroupCommit(batches: Int) {
        registry.makeValueHistogram(
            descriptor: Self.name("driftwatch_ingest_commit_batches", "Event batches per ingest transaction (group commit)"),
            labels: [],
            buckets: [1, 2, 4, 8, 16, 32, 64]
        ).record(Double(batches))
    }

    /// Counts the outcome of a labels request.
    func recordLabels(model: String, matched: Int, unmatched: Int) {
        let descriptor = Self.name("driftwatch_labels_total", "Labels by outcome: matched, unmatched")
        for (outcome, count) in [("matched", matched), ("unmatched", unmatched)] where count > 0 {
            registry.makeCounter(descriptor: descriptor, labels: [("model", model), ("outcome", outcome)])
                .increment(by: Int64(count))
        }
    }

    /// Records one evaluation pass: how long it took and how many event rows its windows read (every row
    /// of every window it evaluated), so operators see what a pass costs.
    func recordEvaluationPass(duration: Duration, rowsRead: Int) {
        registry.makeDurationHistogram(
            descriptor: Self.name("driftwatch_evaluation_pass_duration_seconds", "Duration of one evaluation pass"),
            labels: [],
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1),
                      .seconds(5), .seconds(10), .seconds(30), .seconds(60)]
        ).record(duration)
        registry.makeCounter(
            descriptor: Self.name(
                "driftwatch_evaluation_rows_read_total", "Event rows read by evaluation passes (new rows folded, windows rebuilt, second reads, changed labels)")
        ).increment(by: Int64(rowsRead))
    }

    /// Counts labels dropped after waiting longer than the label horizon for their event.
    func recordExpiredLabels(_ count: Int) {
        registry.makeCounter(
            descriptor: Self.name(
                "driftwatch_pending_labels_expired_total",
                "Labels dropped after waiting longer than the label horizon for an event that never arrived")
        ).increment(by: Int64(count))
    }

    /// Counts a dashboard render that failed (the service goes on; the error is logged).
    public func recordRenderFailure() {
        registry.makeCounter(
            descriptor: Self.name("driftwatch_dashboard_render_failures_total", "Dashboard renders that failed")
        ).increment()
    }

    /// Sets the store size gauge.
    func setStoreSize(bytes: Int64) {
        storeBytes.set(Double(bytes))
    }

    /// The exposition text.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
