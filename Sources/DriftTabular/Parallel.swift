import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal fork–join helpers on top of `DispatchQueue.concurrentPerform`.
///
/// They block the calling thread until all work is done, which keeps the CSV API synchronous.
enum Parallel {
    /// Processors online, at least 1.
    static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Calls `body(i)` for every `i` in `0..<count`, with at most `width` calls running at once.
    /// Worker `w` handles `w, w + width, w + 2·width, …`; `body` must be safe to run concurrently
    /// for different `i`.
    static func forEach(_ count: Int, width: Int, _ body: (Int) -> Void) {
        let workers = min(max(width, 1), count)
        if workers <= 1 {
            for index in 0..<count { body(index) }
            return
        }
        // `concurrentPerform` wants a `@Sendable` closure, but it does not let the closure
        // escape and returns only after every call finished: a fork–join. The callers' bodies
        // write to disjoint memory per index, which is what makes this sharing safe.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    shared.value(index)
                    index += workers
                }
            }
        }
    }

    /// `(0..<count).map(transform)` with at most `width` transforms running at once.
    static func map<T>(_ count: Int, width: Int, _ transform: (Int) -> T) -> [T] {
        let results = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { results.deallocate() }
        forEach(count, width: width) { index in
            (results.baseAddress! + index).initialize(to: transform(index))
        }
        let array = Array(results)
        _ = results.deinitialize()
        return array
    }
}

/// Carries a value into a `@Sendable` closure whose concurrent use the caller has made safe.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
