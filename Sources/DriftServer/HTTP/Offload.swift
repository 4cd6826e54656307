import Dispatch

/// Runs blocking work (a synchronous store call) on a dispatch queue and awaits it, so that it does not
/// hold one of the few threads of Swift's cooperative pool.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
