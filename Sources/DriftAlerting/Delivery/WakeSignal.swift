import Foundation

/// A sleep that can be cut short: the delivery loop sleeps on it between passes, and ``wake()`` (new
/// notifications queued, or shutdown) ends the sleep at once — or, when nobody sleeps, makes the next
/// sleep return immediately.
///
/// The target's one `@unchecked Sendable`: both stored properties are only touched inside ``locked(_:)``.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    /// A wake that arrived while nobody slept.
    private var pending = false
    /// The current sleep, cancelled by a wake.
    private var sleeper: Task<Void, Never>?

    /// Ends the current sleep, or the next one before it starts.
    func wake() {
        let current = locked { () -> Task<Void, Never>? in
            let current = sleeper
            sleeper = nil
            if current == nil { pending = true }
            return current
        }
        current?.cancel()
    }

    /// Sleeps for `duration`, less when woken or when the calling task is cancelled.
    func sleep(for duration: Duration) async {
        let task = Task { _ = try? await Task.sleep(for: duration) }
        let skip = locked { () -> Bool in
            let skip = pending
            pending = false
            if !skip { sleeper = task }
            return skip
        }
        if skip { task.cancel() }
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        locked { if sleeper == task { sleeper = nil } }
    }

    /// Runs `body` with the lock held.
    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
