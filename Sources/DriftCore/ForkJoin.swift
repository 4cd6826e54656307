import Dispatch
import Foundation

/// Runs independent pieces of work on the machine's cores and returns when all are done (a fork–join
/// over `DispatchQueue.concurrentPerform`), so the caller stays synchronous. Shared by the store (a chunk's
/// rows decoded on both cores) and the evaluation (a chunk's features folded on both cores).
package enum ForkJoin {
    /// The cores the process may use: the width of a fork–join over all of them.
    package static let processorCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(i)` once for every `i` in `0..<count`, up to `width` calls at once; `body` must only
    /// touch state of its own index.
    package static func forEach(_ count: Int, width: Int, _ body: (Int) -> Void) {
        forEach(count, width: width) { index, _ in body(index) }
    }

    /// Calls `body(i, w)` once for every `i` in `0..<count`, up to `width` calls at once, where `w` in
    /// `0..<width` names the worker making the call: no two calls with the same `w` overlap, so a body
    /// may reuse per-worker scratch memory (`w` is also `i` mod the number of workers).
    package static func forEach(_ count: Int, width: Int, _ body: (_ index: Int, _ worker: Int) -> Void) {
        let workers = min(max(width, 1), count)
        guard workers > 1 else {
            for index in 0..<count { body(index, 0) }
            return
        }
        // `concurrentPerform` takes a `@Sendable` closure but neither keeps it nor returns before every
        // call finished; each index's work is the caller's disjoint state, which makes the sharing safe.
        withoutActuallyEscaping(body) { body in
            let shared = SharedBody(body: body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    shared.body(index, worker)
                    index += workers
                }
            }
        }
    }
}

/// Carries a body into `concurrentPerform`, whose calls the caller keeps apart (``ForkJoin``).
private struct SharedBody: @unchecked Sendable {
    let body: (Int, Int) -> Void
}
