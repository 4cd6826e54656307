/// Why a timestamp was refused, in words that tell the sender what to send instead.
struct TimestampError: Error, Sendable, Equatable {
    var reason: String
}
