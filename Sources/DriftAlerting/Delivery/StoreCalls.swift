import Dispatch
import DriftCore

/// Runs the store's blocking calls on a dispatch queue, so that the delivery tasks' cooperative threads
/// (one per core) never wait for SQLite.
enum StoreCalls {
    private static let queue = DispatchQueue(
        label: "driftwatch.delivery.store", qos: .utility, attributes: .concurrent)

    /// Runs `body` on the queue; a store failure becomes ``DeliveryError/Code/store``.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> T) async throws(DeliveryError)
        -> T
    {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            queue.async { continuation.resume(returning: Result { () throws(StoreError) in try body() }) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw DeliveryError(.store, "the outbox could not be read or written: \(error)")
        }
    }
}
