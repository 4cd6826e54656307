/// What one pass of the pipeline did with one notification: the observer's input.
public struct DeliveryReport: Sendable, Hashable {
    /// The outbox row's id.
    public var outboxID: Int64
    /// The notification's `webhook-id`.
    public var webhookID: String
    /// The receiver's name.
    public var receiver: String
    public var model: String
    public var rule: String
    /// What became of the row.
    public var disposition: DeliveryDisposition
    /// How long the request took, nil when none was made (skipped, expired, unusable secret).
    public var latency: Duration?

    public init(
        outboxID: Int64, webhookID: String, receiver: String, model: String, rule: String,
        disposition: DeliveryDisposition, latency: Duration?
    ) {
        self.outboxID = outboxID
        self.webhookID = webhookID
        self.receiver = receiver
        self.model = model
        self.rule = rule
        self.disposition = disposition
        self.latency = latency
    }
}

/// Hears about every delivery attempt, for metrics: the server counts `report.disposition.name` per
/// receiver and records `report.latency`.
///
/// Contract: called once per outbox row per pass, after the outcome is stored, from the delivery task;
/// it must return quickly and must not block (several deliveries run at once).
public protocol DeliveryObserver: Sendable {
    func observe(_ report: DeliveryReport)
}
