/// Epoch-aligned windows of one length: window k is [k·size, (k+1)·size) in milliseconds since the Unix
/// epoch (STATISTICS.md, "Windows"). Half-open, so an event exactly on a boundary belongs to the later
/// window.
public struct WindowGrid: Sendable, Equatable {
    /// Window length in milliseconds, > 0.
    public let size: Int64

    /// - Precondition: `size > 0`.
    public init(size: Int64) {
        precondition(size > 0, "a window must be longer than 0 ms")
        self.size = size
    }

    /// The start of the window holding `timestamp` (floor division, also before 1970).
    public func start(of timestamp: Int64) -> Int64 {
        let quotient = timestamp / size
        let floored = (timestamp % size != 0 && timestamp < 0) ? quotient - 1 : quotient
        return floored * size
    }

    /// The end (exclusive) of the window starting at `start`.
    public func end(ofWindowStartingAt start: Int64) -> Int64 { start + size }

    /// The start of the last window that has closed and waited out `lateness` by `now`: the latest
    /// start s with s + size + lateness ≤ now.
    public func lastFinalStart(now: Int64, lateness: Int64) -> Int64 {
        start(of: now - lateness) - size
    }
}
