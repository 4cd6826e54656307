import Foundation

/// A clock the test sets by hand, in milliseconds since the Unix epoch, for services that take
/// `now: @Sendable () -> Int64`. `@unchecked` because the time is only read and written under its lock.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Int64

    public init(_ time: Int64) {
        self.time = time
    }

    /// The current time; settable.
    public var now: Int64 {
        get { lock.withLock { time } }
        set { lock.withLock { time = newValue } }
    }

    /// Moves the clock forward by `milliseconds`.
    public func advance(by milliseconds: Int64) {
        lock.withLock { time += milliseconds }
    }
}
