import DriftCore
import Dispatch

/// Runs a chunked window read on two threads: the reading thread steps the statement and copies out the
/// next chunk while a second thread decodes the previous one's feature rows (``PendingWindowChunk``) and
/// hands it to the reader's body (a two-stage pipeline, one chunk in flight). The body is called once per
/// chunk, in read order, never twice at once, and every call has returned when ``run(to:_:)`` returns, so
/// to the caller it behaves like calls on its own thread. The buffers of a chunk the second thread is
/// done with go back to the reading thread through a ``ChunkRecycler``.
enum ChunkHandoff {
    /// Calls `read` with a `hand` function that passes a chunk on to the second thread, after the previous
    /// chunk's call returned, and the recycler that chunk's buffers go back to; waits for the last call
    /// before returning (or throwing). A chunk that cannot be decoded ends the read's calls of `body`, and
    /// its error is thrown once `read` returns.
    static func run<Result>(
        to body: (WindowData) -> Void,
        _ read: (_ hand: (PendingWindowChunk) -> Void, _ recycler: ChunkRecycler) throws(StoreError) -> Result
    ) throws(StoreError) -> Result {
        try withoutActuallyEscaping(body) { body throws(StoreError) in
            let consumer = Consumer(body)
            let result: Result
            do throws(StoreError) {
                result = try read({ consumer.hand($0) }, consumer.recycler)
            } catch {
                consumer.finish()
                throw error
            }
            if let failure = consumer.finish() { throw failure }
            return result
        }
    }
}

/// The second thread's side: a serial queue and a semaphore that admits one chunk at a time.
///
/// `@unchecked Sendable`: the body (not `Sendable`, it mutates the caller's state) runs on the queue while
/// the reading thread only steps and copies; the semaphore orders each call after the previous one and
/// before ``finish()`` returns, so the caller's state (and ``failure``) is never touched by two threads at
/// once.
private final class Consumer: @unchecked Sendable {
    /// Released by ``finish()``: the body must not outlive the read (it is borrowed, not escaping).
    private var body: ((WindowData) -> Void)?
    /// The first chunk that could not be decoded; no chunk is handed to the body after it.
    private var failure: StoreError?
    /// The chunk handed to the queue, until its call takes it.
    private var pending: PendingWindowChunk?
    private let queue = DispatchQueue(label: "driftwatch.window-chunks")
    private let idle = DispatchSemaphore(value: 1)
    /// Decodes the chunks, on the queue only.
    private var decoder = ChunkDecoder()
    /// Where the buffers of a chunk the body returned go, for the reading thread's next chunk.
    let recycler = ChunkRecycler()

    init(_ body: @escaping (WindowData) -> Void) {
        self.body = body
    }

    /// Waits for the previous chunk's call, then starts this chunk's: its decoding, then the body; then hands
    /// the chunk's buffers back.
    func hand(_ chunk: PendingWindowChunk) {
        idle.wait()
        // Held here, not captured by the closure, so that its encoded rows go back to the reading thread
        // once decoded, before the body runs, for the next chunk (16 MB of a full pass's peak).
        pending = chunk
        queue.async {
            do throws(StoreError) {
                if let data = try self.decodePending() {
                    self.body?(data)
                    self.decoder.recycle(data.columns)
                    self.recycler.put(data)
                }
            } catch {
                self.failure = error
            }
            self.idle.signal()
        }
    }

    /// Takes the pending chunk and decodes it (nil after a failure): the chunk is gone when this returns, and
    /// its encoded rows are back with the recycler.
    private func decodePending() throws(StoreError) -> WindowData? {
        guard let chunk = pending.take(), failure == nil else { return nil }
        var data = chunk.data
        data.columns = try decoder.columns(of: chunk.rows, schema: data.schema, slots: chunk.slots)
        recycler.put(chunk.rows)
        return data
    }

    /// Waits for the last call, then lets go of the body; returns the first decoding error, if any.
    @discardableResult
    func finish() -> StoreError? {
        idle.wait()
        body = nil
        let failure = failure
        idle.signal()
        return failure
    }
}
