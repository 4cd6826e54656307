import DriftCore
import Dispatch

/// Runs a chunked window read on two threads: the reading thread steps the statement and decodes the
/// next chunk while a second thread hands the previous one to the reader's body (a two-stage pipeline,
/// one chunk in flight). The body is called once per chunk, in read order, never twice at once, and every
/// call has returned when ``run(to:_:)`` returns, so to the caller it behaves like calls on its own thread.
enum ChunkHandoff {
    /// Calls `read` with a `hand` function that passes a chunk on to `body` on the second thread, after the
    /// previous chunk's call returned; waits for the last call before returning (or throwing).
    static func run<Result>(
        to body: (WindowData) -> Void, _ read: (_ hand: (WindowData) -> Void) throws(StoreError) -> Result
    ) throws(StoreError) -> Result {
        try withoutActuallyEscaping(body) { body throws(StoreError) in
            let consumer = Consumer(body)
            defer { consumer.finish() }
            return try read { consumer.hand($0) }
        }
    }
}

/// The second thread's side: a serial queue and a semaphore that admits one chunk at a time.
///
/// `@unchecked Sendable`: the body (not `Sendable`, it mutates the caller's state) runs on the queue while
/// the reading thread only decodes; the semaphore orders each call after the previous one and before
/// ``finish()`` returns, so the caller's state is never touched by two threads at once.
private final class Consumer: @unchecked Sendable {
    /// Released by ``finish()``: the body must not outlive the read (it is borrowed, not escaping).
    private var body: ((WindowData) -> Void)?
    private let queue = DispatchQueue(label: "driftwatch.window-chunks")
    private let idle = DispatchSemaphore(value: 1)

    init(_ body: @escaping (WindowData) -> Void) {
        self.body = body
    }

    /// Waits for the previous chunk's call, then starts this chunk's.
    func hand(_ chunk: WindowData) {
        idle.wait()
        queue.async {
            self.body?(chunk)
            self.idle.signal()
        }
    }

    /// Waits for the last call, then lets go of the body.
    func finish() {
        idle.wait()
        body = nil
        idle.signal()
    }
}
