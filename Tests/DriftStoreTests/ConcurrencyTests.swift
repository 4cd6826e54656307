import DriftTestSupport
import DriftCore
import DriftStore
import Foundation
import Testing

@Suite("Concurrent use")
struct ConcurrencyTests {
    @Test("batches written from many threads while others read are all stored, each once")
    func parallelWritersAndReaders() throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                if index.isMultiple(of: 4) {
                    _ = try store.windowData(model: Fixture.model, from: 0, to: .max)
                } else {
                    // Every writer sends its own 50 events plus 10 that all writers share.
                    let own = Fixture.events(50, prefix: "w\(index)-", start: Fixture.t0 + Int64(index) * 100_000)
                    _ = try store.insertEvents(
                        model: Fixture.model, events: own + Fixture.events(10, prefix: "shared-"), receivedAt: 0)
                }
            } catch {
                failures.record(error)
            }
        }
        #expect(failures.errors.isEmpty)
        #expect(try store.model(named: Fixture.model)?.eventCount == 12 * 50 + 10)
    }
}

/// Collects errors from concurrent work.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [any Error] = []

    func record(_ error: any Error) {
        lock.withLock { collected.append(error) }
    }

    var errors: [any Error] { lock.withLock { collected } }
}
