/// The outcome of ``IngestionStore/insertEvents(model:events:receivedAt:unexpectedFeatures:)``, the body
/// of the `202` answer.
public struct EventInsertResult: Sendable, Equatable {
    /// Events stored by this call.
    public var accepted: Int
    /// Events skipped because their id was already stored for the model (earlier, or earlier in the
    /// same batch).
    public var duplicates: Int

    public init(accepted: Int, duplicates: Int) {
        self.accepted = accepted
        self.duplicates = duplicates
    }
}

/// The outcome of ``IngestionStore/insertLabels(model:labels:receivedAt:maxPendingLabels:)``, the body of the `202` answer.
public struct LabelInsertResult: Sendable, Equatable {
    /// Labels whose event is stored; they were joined to it (replacing any earlier label).
    public var matched: Int
    /// Labels whose event has not arrived; they are kept and join it when it does.
    public var unmatched: Int

    public init(matched: Int, unmatched: Int) {
        self.matched = matched
        self.unmatched = unmatched
    }
}
