import DriftCore
import DriftStore
import DriftTestSupport
import Foundation
import Testing

/// Incremental window reads (``WindowChunkRequest/afterSequence``, ``WindowChunkRequest/afterLabelChange``):
/// only the events stored after a read, the label changes of the events it had read with the label they
/// had then, and no event missed or read twice while other writers commit concurrently.
@Suite("Storage conformance: incremental window reads")
struct IncrementalReadConformanceTests {
    private let hour = Sample.hour

    /// The change a case expects for event `index` of ``Sample/event(_:at:index:version:)``.
    private func change(_ index: Int, from previous: ScalarValue?, to label: ScalarValue?) -> LabelChange {
        LabelChange(
            previousLabel: previous, label: label, prediction: .number(Double(index % 2)),
            score: Double(index % 10) / 10)
    }

    @Test(
        "an incremental read returns the new events and each earlier event's first label change, in order",
        arguments: Backend.all)
    func newEventsAndLabelChanges(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let (zero, one) = (ScalarValue.string("0"), ScalarValue.string("1"))
        try #require(store.incrementalWindowReads)
        try store.insertEvents(model: Sample.model, events: Sample.events(10), receivedAt: 1)
        try store.insertLabels(
            model: Sample.model, labels: [LabelRecord(id: "e1", label: zero), LabelRecord(id: "e2", label: one)],
            receivedAt: 1)
        let first = try store.forEachWindowChunk(model: Sample.model, from: Sample.t0, to: Sample.t0 + hour) { _ in }
        #expect(first.rows == 10)

        // Three new events in the window, one after it; then first labels, a correction, an unchanged label,
        // a label of a new event, and two changes of one event.
        let all = Sample.events(14)
        var late = all[13]
        late.timestampMilliseconds = Sample.t0 + 2 * hour
        try store.insertEvents(model: Sample.model, events: Array(all[10..<13]) + [late], receivedAt: 2)
        try store.insertLabels(
            model: Sample.model,
            labels: [
                LabelRecord(id: "e3", label: one), LabelRecord(id: "e1", label: one), LabelRecord(id: "e2", label: one),
                LabelRecord(id: "e11", label: zero), LabelRecord(id: "e4", label: zero),
            ], receivedAt: 2)
        try store.insertLabels(model: Sample.model, labels: [LabelRecord(id: "e4", label: one)], receivedAt: 3)

        var timestamps: [Int64] = []
        var labels: [ScalarValue?] = []
        let second = try store.forEachWindowChunk(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, afterSequence: first.sequence,
            afterLabelChange: first.labelSequence, chunkRows: 2
        ) { chunk in
            timestamps += chunk.timestamps
            labels += chunk.labels
        }
        #expect(second.rows == 3)
        #expect(timestamps == all[10..<13].map(\.timestampMilliseconds), "the new events, in arrival order")
        #expect(labels == [nil, zero, nil], "a new event is read with its label")
        #expect(
            second.labelChanges == [
                change(3, from: nil, to: one), change(1, from: zero, to: one), change(4, from: nil, to: one),
            ])
        #expect(second.sequence > first.sequence && second.labelSequence > first.labelSequence)

        let third = try store.forEachWindowChunk(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, afterSequence: second.sequence,
            afterLabelChange: second.labelSequence
        ) { _ in }
        #expect(third.rows == 0 && third.labelChanges.isEmpty, "nothing new after the last read")
        let full = try store.windowData(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, referenceVersion: nil)
        #expect(full.count == 13)
    }

    @Test("a label change reaches every stored version of its id", arguments: Backend.all)
    func labelFanOut(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        try store.insertEvents(
            model: Sample.model,
            events: [
                Sample.event("x", at: Sample.t0 + 1_000, index: 1, version: "a"),
                Sample.event("x", at: Sample.t0 + 2_000, index: 2, version: "b"),
                Sample.event("y", at: Sample.t0 + 3_000, index: 3, version: "a"),
            ], receivedAt: 1)
        let first = try store.forEachWindowChunk(model: Sample.model, from: Sample.t0, to: Sample.t0 + hour) { _ in }
        try store.insertLabels(model: Sample.model, labels: [LabelRecord(id: "x", label: .string("1"))], receivedAt: 2)
        let second = try store.forEachWindowChunk(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, afterSequence: first.sequence,
            afterLabelChange: first.labelSequence
        ) { _ in }
        #expect(second.rows == 0)
        #expect(
            second.labelChanges == [change(1, from: nil, to: .string("1")), change(2, from: nil, to: .string("1"))])

        // A new version sent with a label of its own is read as new.
        var third = Sample.event("x", at: Sample.t0 + 4_000, index: 4, version: "c")
        third.label = .string("0")
        try store.insertEvents(model: Sample.model, events: [third], receivedAt: 3)
        var labels: [ScalarValue?] = []
        let last = try store.forEachWindowChunk(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, afterSequence: second.sequence,
            afterLabelChange: second.labelSequence
        ) { chunk in labels += chunk.labels }
        #expect(last.rows == 1 && labels == [.string("0")])
        // The label it brings belongs to every version of its id (API.md, "Slices"): the earlier versions
        // take it, the full read shows it, and the incremental read logs exactly those changes.
        let now = try store.windowData(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, referenceVersion: nil)
        try #require(now.count == 4)
        #expect(Array(now.labels.prefix(2)) == [.string("0"), .string("0")])
        let expected = [change(1, from: .string("1"), to: .string("0")), change(2, from: .string("1"), to: .string("0"))]
        #expect(last.labelChanges == expected)
    }

    @Test("incremental reads while writers commit concurrently see every event exactly once", arguments: Backend.all)
    func concurrentWriters(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let (writers, batches, size) = (3, 20, 25)
        let group = DispatchGroup()
        for writer in 0..<writers {
            DispatchQueue.global().async(group: group) {
                for batch in 0..<batches {
                    // Distinct times per event, so a timestamp names its event.
                    let start = Sample.t0 + Int64((writer * batches + batch) * size)
                    let events = Sample.events(size, prefix: "w\(writer)b\(batch)e", start: start, spacing: 1)
                    do {
                        try store.insertEvents(model: Sample.model, events: events, receivedAt: 1)
                    } catch {
                        Issue.record("writer \(writer): \(error)")
                    }
                }
            }
        }
        var seen: [Int64] = []
        var cursor: Int64 = 0
        var passes = 0
        var finished = false
        while !finished {
            finished = group.wait(timeout: .now()) == .success
            let read = try store.forEachWindowChunk(
                model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, afterSequence: cursor, chunkRows: 16
            ) { chunk in seen += chunk.timestamps }
            cursor = read.sequence
            passes += 1
        }
        let full = try store.windowData(
            model: Sample.model, from: Sample.t0, to: Sample.t0 + hour, referenceVersion: nil)
        #expect(full.count == writers * batches * size)
        #expect(seen.count == full.count, "no event read twice or missed (\(passes) reads)")
        #expect(Set(seen) == Set(full.timestamps))
    }
}
