import DriftCore
import DriftStats
import Testing

/// Slices on every engine: the slice columns of a window read, segment references saved with their
/// version, slice results and their bookkeeping, and the slice in alert state and history.
@Suite("Storage conformance: slices")
struct SliceConformanceTests {
    @Test("a window read carries each row's version, shadow flag and tags", arguments: Backend.all)
    func sliceColumns(backend: Backend) throws {
        let open = try Sample.store(backend)
        var events: [Event] = []
        for index in 0..<6 {
            var event = Sample.event("s\(index)", at: Sample.t0 + Int64(index) * 1_000, index: index,
                version: index % 3 == 0 ? nil : "v\(index % 3)")
            event.shadow = index == 4
            if index % 2 == 0 { event.tags = [.init(key: "region", value: "r\(index)")] }
            events.append(event)
        }
        try open.store.insertEvents(model: Sample.model, events: events, receivedAt: Sample.t0)
        let window = try open.store.windowData(model: Sample.model, from: Sample.t0, to: Sample.t0 + Sample.hour)
        let columns = window.sliceColumns
        let versions = columns.versionCodes.map { $0 == WindowSliceColumns.noVersion ? nil : columns.versionNames[Int($0)] }
        #expect(versions == events.map(\.modelVersion))
        #expect(columns.shadow == events.map(\.shadow))
        #expect((0..<events.count).map { columns.tag("region", row: $0) } == events.map { $0.tags.first?.value })
    }

    @Test("segment references are saved with their version and read back by feature", arguments: Backend.all)
    func segments(backend: Backend) throws {
        let open = try backend.open()
        let segments = [
            ReferenceSegment(feature: "country", value: "fr", profile: Sample.profile(seed: 1), performance: nil),
            ReferenceSegment(feature: "country", value: "de", profile: Sample.profile(seed: 2), performance: nil),
        ]
        let saved = try open.store.saveReference(
            model: Sample.model, schema: Sample.schema, profile: Sample.profile(), rowCount: 6, at: Sample.t0,
            performance: nil, contentSHA256: nil, segments: segments)
        let read = try open.store.referenceSegments(model: Sample.model, version: saved.version, feature: "country")
        #expect(read == segments.sorted { $0.value < $1.value })
        #expect(try open.store.referenceSegments(model: Sample.model, version: saved.version, feature: "plan").isEmpty)
    }

    @Test("slice results: replaced with a count, read by slice and overlap, final, statuses, pruned, summarised",
        arguments: Backend.all)
    func results(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        func record(_ slice: String, window index: Int64, partial: Bool, at evaluatedAt: Int64, events: Int)
            -> StoredSliceWindowResult
        {
            let start = Sample.t0 + index * Sample.hour
            return StoredSliceWindowResult(
                slice: slice, referenceScope: slice.hasPrefix("region") ? "segment" : "model",
                window: StoredWindowResult(
                    start: start, end: start + Sample.hour, referenceVersion: 1, partial: partial, evaluatedAt: evaluatedAt,
                    evaluations: 1, json: "{\"slice\":\"\(slice)\",\"at\":\(evaluatedAt)}"),
                eventCount: events, fingerprint: "f\(evaluatedAt)")
        }
        try store.saveSliceWindowResults(
            model: Sample.model,
            [record("model_version:v1", window: 0, partial: true, at: 10, events: 3),
             record("region:eu", window: 0, partial: true, at: 10, events: 2)])
        let again = try store.saveSliceWindowResults(
            model: Sample.model, [record("model_version:v1", window: 0, partial: false, at: 20, events: 4)])
        #expect(again.map(\.window.evaluations) == [2])
        try store.saveSliceWindowResults(
            model: Sample.model, [record("model_version:v1", window: 1, partial: false, at: 30, events: 5)])

        let v1 = try store.sliceWindowResults(model: Sample.model, slice: "model_version:v1")
        #expect(v1.map(\.window.start) == [Sample.t0, Sample.t0 + Sample.hour])
        #expect(v1.map(\.eventCount) == [4, 5])
        #expect(v1.first?.window.json == "{\"slice\":\"model_version:v1\",\"at\":20}")
        #expect(try store.sliceWindowResults(
            model: Sample.model, slice: "model_version:v1", from: Sample.t0 + Sample.hour, to: nil).count == 1)
        #expect(try store.finalSliceWindowResults(model: Sample.model, evaluatedSince: 15).map(\.window.evaluatedAt) == [20, 30])
        let statuses = try store.sliceWindowStatuses(model: Sample.model, windowStart: Sample.t0)
        #expect(statuses["model_version:v1"] == SliceWindowStatus(referenceVersion: 1, partial: false, fingerprint: "f20"))
        #expect(statuses["region:eu"]?.partial == true)
        #expect(try store.sliceSummaries(model: Sample.model).map { [$0.slice, "\($0.events)", "\($0.windows)"] }
            == [["model_version:v1", "9", "2"], ["region:eu", "2", "1"]])

        try store.deleteSliceWindowResults(model: Sample.model, windowStart: Sample.t0, keeping: ["model_version:v1"])
        #expect(try store.sliceWindowResults(model: Sample.model, slice: "region:eu").isEmpty)
        #expect(try store.sliceWindowResults(model: Sample.model, slice: "model_version:v1").count == 2)
        #expect(try store.sliceWindowResults(model: Sample.model, slice: "nothing:here").isEmpty)
    }

    @Test("an alert's slice is part of its identity in state and history", arguments: Backend.all)
    func alertSlices(backend: Backend) throws {
        let open = try Sample.store(backend)
        func state(_ slice: String, _ value: Double) -> AlertStateRecord {
            var record = AlertStateRecord(
                rule: "drift", model: Sample.model.rawValue, feature: "age", state: "firing", breaches: 1,
                lastWindowStart: Sample.t0, lastWindowEnd: Sample.t0 + Sample.hour, value: value, baseline: nil,
                activeSince: 5, firedAt: 5, resolvedAt: nil, lastNotifiedAt: nil, updatedAt: 5)
            record.slice = slice
            return record
        }
        var transition = AlertTransitionRecord(
            rule: "drift", model: Sample.model.rawValue, feature: "age", state: "firing", at: 5, value: 0.3,
            windowStart: Sample.t0, windowEnd: Sample.t0 + Sample.hour)
        transition.slice = "region:eu"
        try open.store.commitAlerts(
            AlertCommit(states: [state("", 0.1), state("region:eu", 0.3)], transitions: [transition], cursors: [:]))
        let states = try open.store.alertStates()
        #expect(states.map(\.slice) == ["", "region:eu"])
        #expect(states.map(\.value) == [0.1, 0.3])
        #expect(try open.store.alertTransitions(model: Sample.model.rawValue, from: 10, to: 20).map(\.slice) == ["region:eu"])
    }
}
