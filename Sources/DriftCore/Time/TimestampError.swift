/// Why a timestamp was refused, in words that tell the sender what to send instead.
public struct TimestampError: Error, Sendable, Equatable {
    /// What is wrong and what to send instead.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
