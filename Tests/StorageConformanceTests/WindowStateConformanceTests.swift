import DriftCore
import Testing

/// Persisted window states on every engine: saved, replaced, read back byte for byte, kept apart by window,
/// slice and model, deleted, and gone with retention.
@Suite("Storage conformance: window states")
struct WindowStateConformanceTests {
    private static func state(window: Int64, slice: String = "", seed: UInt8, size: Int = 1_000) -> StoredWindowState {
        StoredWindowState(
            windowStart: Sample.t0 + window * Sample.hour, slice: slice, referenceVersion: Int(seed),
            settingsFingerprint: "settings-\(seed)", sequence: Int64(seed) * 100, labelSequence: Int64(seed) * 10,
            savedAt: Sample.t0 + Int64(seed), bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    @Test("a state is saved, replaced and read back byte for byte, per window and slice", arguments: Backend.all)
    func saveAndRead(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let first = Self.state(window: 0, seed: 1)
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "") == nil)
        try store.saveWindowState(model: Sample.model, first)
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "") == first)
        // Every byte value, a large blob, and an empty one.
        let replaced = Self.state(window: 0, seed: 2, size: 3_000_000)
        try store.saveWindowState(model: Sample.model, replaced)
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "") == replaced)
        let slice = Self.state(window: 0, slice: "region:eu", seed: 3, size: 0)
        let next = Self.state(window: 1, seed: 4)
        try store.saveWindowState(model: Sample.model, slice)
        try store.saveWindowState(model: Sample.model, next)
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "region:eu") == slice)
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "") == replaced)
        #expect(try store.windowState(model: Sample.model, windowStart: next.windowStart, slice: "") == next)
        #expect(try store.windowState(model: ModelName("other")!, windowStart: first.windowStart, slice: "") == nil)
        try store.deleteWindowState(model: Sample.model, windowStart: first.windowStart, slice: "")
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "") == nil)
        #expect(try store.windowState(model: Sample.model, windowStart: first.windowStart, slice: "region:eu") == slice)
        try store.deleteWindowState(model: ModelName("other")!, windowStart: first.windowStart, slice: "")
    }

    @Test("a model without a reference has no states to save", arguments: Backend.all)
    func unknownModel(backend: Backend) throws {
        let open = try backend.open()
        #expect {
            try open.store.saveWindowState(model: Sample.model, Self.state(window: 0, seed: 1))
        } throws: { ($0 as? StoreError)?.code == .unknownModel }
    }

    @Test("retention deletes the states of the windows it deletes events from", arguments: Backend.all)
    func retention(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let states = (0..<4).map { Self.state(window: Int64($0), seed: UInt8($0 + 1)) }
        for state in states { try store.saveWindowState(model: Sample.model, state) }
        try store.insertEvents(model: Sample.model, events: Sample.events(8, spacing: Sample.hour / 2), receivedAt: Sample.t0)
        // The cutoff falls inside window 2: windows 0, 1 and 2 lose events.
        try store.deleteEvents(olderThan: Sample.t0 + 2 * Sample.hour + 1, chunkSize: 3)
        for state in states.prefix(3) {
            #expect(try store.windowState(model: Sample.model, windowStart: state.windowStart, slice: "") == nil)
        }
        #expect(try store.windowState(model: Sample.model, windowStart: states[3].windowStart, slice: "") == states[3])
    }
}
