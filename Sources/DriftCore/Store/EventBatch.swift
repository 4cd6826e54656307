/// One client's batch of events for one model, as the ingest route hands it to the store: the unit that is
/// stored atomically and acknowledged on its own, also when several are committed in one transaction
/// (``IngestionStore/insertEventBatches(_:)``).
public struct EventBatch: Sendable {
    /// The model the events belong to.
    public var model: ModelName
    /// The events, validated by the caller.
    public var events: [Event]
    /// Arrival time in milliseconds since the Unix epoch.
    public var receivedAt: Int64
    /// Feature names outside the schema, with how many events of the batch had each.
    public var unexpectedFeatures: [String: Int]

    public init(model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int] = [:]) {
        self.model = model
        self.events = events
        self.receivedAt = receivedAt
        self.unexpectedFeatures = unexpectedFeatures
    }
}
