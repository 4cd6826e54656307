/// A window the evaluation service is to evaluate now.
public struct PlannedWindow: Sendable, Equatable {
    /// First millisecond of the window.
    public var start: Int64
    /// End of the window (exclusive).
    public var end: Int64
    /// Whether the window is still open or within its allowed lateness.
    public var partial: Bool
    /// The reference version of the window's earlier evaluation, kept on re-evaluation; nil for a
    /// window never evaluated (it takes the latest reference).
    public var referenceVersion: Int?

    public init(start: Int64, end: Int64, partial: Bool, referenceVersion: Int?) {
        self.start = start
        self.end = end
        self.partial = partial
        self.referenceVersion = referenceVersion
    }
}
