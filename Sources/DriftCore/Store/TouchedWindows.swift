/// The windows whose events or labels changed after a point in the store's change log, so that an
/// evaluator re-evaluates only those.
public struct TouchedWindows: Sendable, Equatable {
    /// Start (in milliseconds) of each window that received an event or a label, ascending.
    public var windowStarts: [Int64]
    /// The change-log position read up to; pass it as `afterSequence` next time.
    public var lastSequence: Int64

    public init(windowStarts: [Int64], lastSequence: Int64) {
        self.windowStarts = windowStarts
        self.lastSequence = lastSequence
    }
}
