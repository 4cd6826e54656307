import Foundation

/// A value guarded by a lock, shareable across threads.
///
/// The one `@unchecked Sendable` of the package's own code: every access to ``value`` goes through ``withLock(_:)``,
/// which holds an `NSLock` for the duration of the body.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// A lock around `value`.
    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
