import DriftCore
import Testing

/// Group commit: several batches in one transaction, each stored or refused on its own, on every engine.
@Suite("Storage conformance: group commit")
struct GroupCommitConformanceTests {
    @Test(
        "batches committed together are atomic one by one: a batch that fails is rolled back alone",
        arguments: Backend.all)
    func batchesStayAtomic(backend: Backend) throws {
        let open = try Sample.store(backend)
        let store = open.store
        let first = Sample.events(10, prefix: "a")
        // Its events are written before the batch fails (the unexpected feature name is refused at the end), so
        // only the rollback to its savepoint can take them back out.
        let failsLate = EventBatch(
            model: Sample.model, events: Sample.events(5, prefix: "f", start: Sample.t0 + 500),
            receivedAt: Sample.t0, unexpectedFeatures: ["bad\u{1}name": 5])
        let unknownModel = EventBatch(
            model: ModelName("no-such-model")!, events: Sample.events(2, prefix: "u"), receivedAt: Sample.t0)
        let emptyID = EventBatch(
            model: Sample.model, events: Sample.events(2, prefix: "x") + [Sample.event("", at: Sample.t0, index: 3)],
            receivedAt: Sample.t0)
        // The last batch repeats three events of the first: duplicates of an earlier batch of the same group.
        let second = Sample.events(4, prefix: "b") + Array(first.prefix(3))
        let results = try store.insertEventBatches([
            EventBatch(model: Sample.model, events: first, receivedAt: Sample.t0),
            failsLate, unknownModel, emptyID,
            EventBatch(model: Sample.model, events: second, receivedAt: Sample.t0),
        ])
        try #require(results.count == 5)
        #expect(try results[0].get() == EventInsertResult(accepted: 10, duplicates: 0))
        #expect(Self.code(results[1]) == .invalidValue)
        #expect(Self.code(results[2]) == .unknownModel)
        #expect(Self.code(results[3]) == .invalidValue)
        #expect(try results[4].get() == EventInsertResult(accepted: 4, duplicates: 3))

        let window = try store.windowData(model: Sample.model, from: Sample.t0, to: Sample.t0 + Sample.hour)
        #expect(window.count == 14)
        #expect(try store.model(named: Sample.model)?.eventCount == 14)
        #expect(try store.model(named: Sample.model)?.unexpectedFeatures.isEmpty == true)
        #expect(try store.model(named: ModelName("no-such-model")!) == nil)
        // Nothing of the refused batches was kept, not even their identities: sent again without the bad
        // part, every event is new.
        let retried = try store.insertEvents(model: Sample.model, events: failsLate.events, receivedAt: Sample.t0)
        #expect(retried == EventInsertResult(accepted: 5, duplicates: 0))
    }

    @Test("the group committer answers every caller with its own batch's result", arguments: Backend.all)
    func committerAnswersEach(backend: Backend) async throws {
        let open = try Sample.store(backend)
        let store = open.store
        let committer = GroupCommitter(store: store, maximumEvents: 64)
        let outcomes = await withTaskGroup(of: (Int, Result<EventInsertResult, StoreError>).self) { group in
            for client in 0..<12 {
                group.addTask {
                    // Client 5 names a model without a reference; every other client sends 20 new events and
                    // one of client 0's (a duplicate for all but the first to commit it).
                    let model = client == 5 ? ModelName("no-such-model")! : Sample.model
                    let events =
                        Sample.events(20, prefix: "c\(client)-") + [Sample.event("c0-0", at: Sample.t0, index: 0)]
                    do {
                        return (
                            client,
                            .success(
                                try await committer.insert(
                                    EventBatch(model: model, events: events, receivedAt: Sample.t0)))
                        )
                    } catch let error as StoreError {
                        return (client, .failure(error))
                    } catch {
                        return (client, .failure(StoreError(.database, "\(error)")))
                    }
                }
            }
            var all: [Int: Result<EventInsertResult, StoreError>] = [:]
            for await (client, outcome) in group { all[client] = outcome }
            return all
        }
        #expect(outcomes.count == 12)
        #expect(Self.code(try #require(outcomes[5])) == .unknownModel)
        var accepted = 0
        var duplicates = 0
        for (client, outcome) in outcomes where client != 5 {
            let result = try outcome.get()
            accepted += result.accepted
            duplicates += result.duplicates
        }
        // 11 clients × 20 events, plus c0-0 sent 21 times by them (once inside client 0's own batch).
        #expect(accepted == 11 * 20)
        #expect(duplicates == 11)
        #expect(try store.model(named: Sample.model)?.eventCount == 11 * 20)
        let statistics = committer.statistics
        #expect(statistics.batches == 12 && statistics.commits <= 12 && statistics.commits >= 1)
        // At most 64 events per transaction: at most three of these batches of 21 in one group.
        #expect(statistics.largestGroup <= 3)
    }

    private static func code(_ result: Result<EventInsertResult, StoreError>) -> StoreError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }
}
