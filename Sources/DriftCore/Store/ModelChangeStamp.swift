/// What a model's dashboard pages depend on, in a few numbers that change whenever those pages would:
/// a new reference, a new or re-evaluated latest window, an alert transition, a delivery's progress.
/// Read for every model in one query (``WindowStore/modelChangeStamps()``), so that a renderer can tell
/// which models changed without reading their windows.
///
/// Re-evaluating an *older* window (late events or labels) does not change the stamp: whoever evaluated
/// it says so (the evaluation loop passes the models whose windows it evaluated).
public struct ModelChangeStamp: Sendable, Hashable {
    /// The latest reference version.
    public var referenceVersion: Int
    /// Start, evaluation time and evaluation count of the latest evaluated window (nil: none yet).
    public var latestWindowStart: Int64?
    public var latestWindowEvaluatedAt: Int64?
    public var latestWindowEvaluations: Int?
    /// The id of the model's newest alert transition (0: none).
    public var lastAlertTransition: Int64
    /// Notifications of the model in the outbox, their delivery attempts, and how many are finished
    /// (delivered, dead or skipped).
    public var notifications: Int
    public var deliveryAttempts: Int
    public var finishedNotifications: Int

    public init(
        referenceVersion: Int, latestWindowStart: Int64? = nil, latestWindowEvaluatedAt: Int64? = nil,
        latestWindowEvaluations: Int? = nil, lastAlertTransition: Int64 = 0, notifications: Int = 0,
        deliveryAttempts: Int = 0, finishedNotifications: Int = 0
    ) {
        self.referenceVersion = referenceVersion
        self.latestWindowStart = latestWindowStart
        self.latestWindowEvaluatedAt = latestWindowEvaluatedAt
        self.latestWindowEvaluations = latestWindowEvaluations
        self.lastAlertTransition = lastAlertTransition
        self.notifications = notifications
        self.deliveryAttempts = deliveryAttempts
        self.finishedNotifications = finishedNotifications
    }
}
