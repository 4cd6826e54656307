import Dispatch

/// Group commit for event batches: batches that arrive while a commit is running wait, and the next commit
/// stores all of them in one transaction (``IngestionStore/insertEventBatches(_:)``), so concurrent clients
/// share the cost of a commit (its `fsync`, the WAL header, the model's counters and change log) instead of
/// queueing for one transaction each.
///
/// Each caller is answered only after the transaction that holds its batch has committed, with its own
/// batch's result: a batch that fails is rolled back alone (a savepoint of its own), so it never fails its
/// neighbours. Nothing is delayed on purpose: a batch that finds no commit running starts one at once; the
/// group is whatever queued up during the previous commit (the leader/follower scheme of database group
/// commit, as in Helland et al., "Group Commit Timers and High Volume Transaction Systems", HPTS 1987, §2).
///
/// ```swift
/// let committer = GroupCommitter(store: store)
/// let result = try await committer.insert(EventBatch(model: name, events: events, receivedAt: now))
/// ```
public final class GroupCommitter: Sendable {
    private struct Waiter {
        var batch: EventBatch
        var continuation: CheckedContinuation<EventInsertResult, any Error>
    }

    private struct State {
        var waiting: [Waiter] = []
        var committing = false
        var commits = 0
        var batches = 0
        var largestGroup = 0
    }

    private let store: any IngestionStore
    private let maximumEvents: Int
    private let onCommit: @Sendable (_ batches: Int) -> Void
    private let state = Locked(State())
    private let queue = DispatchQueue(label: "driftwatch.group-commit", qos: .userInitiated)

    /// - Parameters:
    ///   - store: where the batches go; its `insertEventBatches` runs on a dispatch queue of the committer's
    ///     own (it blocks), one transaction at a time.
    ///   - maximumEvents: the most events one transaction takes (a group always takes at least one batch), so a
    ///     burst is committed in bounded transactions and the first batch of a group is not held back by a long
    ///     one.
    ///   - onCommit: called after each transaction with the number of batches it held (for metrics).
    public init(
        store: any IngestionStore, maximumEvents: Int = 16_384,
        onCommit: @escaping @Sendable (_ batches: Int) -> Void = { _ in }
    ) {
        self.store = store
        self.maximumEvents = max(maximumEvents, 1)
        self.onCommit = onCommit
    }

    /// Stores `batch` in the next group's transaction and returns its result after that commit.
    /// - Throws: the batch's ``StoreError`` (nothing of it is stored), or the transaction's when the whole
    ///   commit failed.
    public func insert(_ batch: EventBatch) async throws -> EventInsertResult {
        try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                state.waiting.append(Waiter(batch: batch, continuation: continuation))
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            if lead { queue.async { self.drain() } }
        }
    }

    /// Commits made so far, batches they stored, and the most batches one commit held.
    public var statistics: (commits: Int, batches: Int, largestGroup: Int) {
        state.withLock { ($0.commits, $0.batches, $0.largestGroup) }
    }

    /// Commits groups until no batch waits.
    private func drain() {
        while true {
            let group = state.withLock { state -> [Waiter] in
                var events = 0
                var count = 0
                while count < state.waiting.count,
                    count == 0 || events + state.waiting[count].batch.events.count <= maximumEvents
                {
                    events += state.waiting[count].batch.events.count
                    count += 1
                }
                let group = Array(state.waiting.prefix(count))
                state.waiting.removeFirst(count)
                if group.isEmpty {
                    state.committing = false
                } else {
                    state.commits += 1
                    state.batches += group.count
                    state.largestGroup = max(state.largestGroup, group.count)
                }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                let results = try store.insertEventBatches(group.map(\.batch))
                onCommit(group.count)
                for (waiter, result) in zip(group, results) {
                    waiter.continuation.resume(with: result.mapError { $0 as any Error })
                }
                // A store answering fewer results than batches breaks its contract; never leave a caller waiting.
                for waiter in group.dropFirst(results.count) {
                    waiter.continuation.resume(
                        throwing: StoreError(.database, "the store answered no result for a batch"))
                }
            } catch {
                for waiter in group { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
