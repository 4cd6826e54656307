public import DriftCore
import GRDB

extension SQLiteStore {
    /// Stores a batch of events in one transaction, committed (with the store's ``Durability``) before
    /// the method returns. Either every new event is stored or, when it throws, none is.
    ///
    /// - An event is (model, id, model_version): one whose id and version are already stored for the
    ///   model — from an earlier call or earlier in this batch — is skipped and counted as a duplicate,
    ///   so a client may retry a batch safely. The same id under another version is another event.
    /// - An event's inline `label` is stored as its label (`.null` means no label). A label that
    ///   arrived earlier by id (``insertLabels(model:labels:receivedAt:)``) joins the event now, as does
    ///   the label already joined to another version of its id; if the event also has an inline label,
    ///   the inline one wins, being the later of the two.
    /// - Every feature is stored, those outside the schema included (see ``FeatureSlots`` for the
    ///   bound), so a later reference that adds a feature finds its past values.
    ///
    /// - Parameters:
    ///   - receivedAt: arrival time in milliseconds since the Unix epoch.
    ///   - unexpectedFeatures: feature names outside the schema in this batch, with the number of events
    ///     that had each, as the caller counted them; added to the model's tally as given.
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference,
    ///   ``StoreError/Code/invalidValue`` for an empty event id, ``StoreError/Code/database`` when
    ///   SQLite fails (nothing of the batch is stored then).
    @discardableResult
    public func insertEvents(
        model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int] = [:]
    ) throws(StoreError) -> EventInsertResult {
        try Self.checkBatch(events)
        return try write { db in
            try Self.insert(
                EventBatch(
                    model: model, events: events, receivedAt: receivedAt, unexpectedFeatures: unexpectedFeatures),
                in: db)
        }
    }

    /// With `synchronous = FULL` every commit is an fsync, worth sharing; with `NORMAL` a commit is no
    /// fsync, and grouping measured slower (a group's answers wait for its commit, so parsing the next
    /// requests no longer overlaps the writes; README, "Ingestion").
    public var prefersGroupCommit: Bool { durability == .full }

    /// Stores several batches in one write transaction, each inside a savepoint of its own, and returns
    /// after the commit (group commit: one WAL commit for every batch waiting). A batch that fails — an
    /// unknown model, an empty id — is rolled back to its savepoint and answered with its error; the others
    /// are stored as ``insertEvents(model:events:receivedAt:unexpectedFeatures:)`` would store them one by one,
    /// in order (an event repeated in a later batch of the group is its duplicate).
    /// - Throws: ``StoreError/Code/database`` when the transaction itself fails; nothing is stored then.
    public func insertEventBatches(_ batches: [EventBatch]) throws(StoreError) -> [Result<
        EventInsertResult, StoreError
    >] {
        // Checks that need no database run first, so a refused batch never opens a savepoint.
        var results: [Result<EventInsertResult, StoreError>?] = batches.map { batch in
            do throws(StoreError) {
                try Self.checkBatch(batch.events)
                return nil
            } catch {
                return .failure(error)
            }
        }
        guard results.contains(where: { $0 == nil }) else { return results.map { $0! } }
        try write { db in
            for (index, batch) in batches.enumerated() where results[index] == nil {
                do throws(StoreError) {
                    var stored: EventInsertResult?
                    try Self.perform {
                        try db.inSavepoint {
                            stored = try Self.insert(batch, in: db)
                            return .commit
                        }
                    }
                    results[index] = stored.map { .success($0) }
                } catch {
                    results[index] = .failure(error)
                }
            }
        }
        return results.map { $0 ?? .failure(StoreError(.database, "the batch was not stored")) }
    }

    /// Refuses a batch that SQLite would store differently than it was given (see
    /// ``refuseControlCharacters(_:)``) or that has an empty id.
    private static func checkBatch(_ events: [Event]) throws(StoreError) {
        if let index = events.firstIndex(where: { $0.id.isEmpty }) {
            throw StoreError(.invalidValue, "event \(index) has an empty id")
        }
        try refuseControlCharacters(events)
    }

    /// Inserts one batch inside the caller's transaction.
    private static func insert(_ batch: EventBatch, in db: Database) throws -> EventInsertResult {
        let modelID = try ModelRow.requireID(of: batch.model, in: db)
        var inserter = try EventInserter(modelID: modelID, receivedAt: batch.receivedAt, in: db)
        for event in batch.events {
            try inserter.insert(event)
        }
        try inserter.finish()
        try addUnexpectedFeatures(batch.unexpectedFeatures, modelID: modelID, in: db)
        return EventInsertResult(accepted: inserter.accepted, duplicates: inserter.duplicates)
    }

    /// The earliest and latest event time stored for `model`, or nil when it has no events.
    public func eventTimeRange(model: ModelName) throws(StoreError) -> ClosedRange<Int64>? {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return nil }
            // Two single-aggregate queries: SQLite answers each from one end of the (model_id, ts) index.
            let earliest = try Int64.fetchOne(
                db, sql: "SELECT MIN(ts) FROM event WHERE model_id = ?", arguments: [modelID])
            let latest = try Int64.fetchOne(
                db, sql: "SELECT MAX(ts) FROM event WHERE model_id = ?", arguments: [modelID])
            guard let earliest, let latest else { return nil }
            return earliest...latest
        }
    }

    /// SQLite's C interface, as GRDB binds strings, reads text up to its first NUL: `"a\u{0}b"` would be
    /// stored as `"a"`. The HTTP layer refuses such names already; the store refuses them too rather than
    /// store a different name than it was given. Feature names are checked once, when a name is first
    /// registered (``FeatureSlots``), not in every event.
    package static func refuseControlCharacters(_ events: [Event]) throws(StoreError) {
        for (index, event) in events.enumerated() {
            if ControlCharacters.contains(event.id) {
                throw StoreError(.invalidValue, "event \(index): the id contains a control character")
            }
            if let version = event.modelVersion, ControlCharacters.contains(version) {
                throw StoreError(.invalidValue, "event \(index): model_version contains a control character")
            }
            if let tag = event.tags.first(where: { !TagKey.isValid($0.key) || ControlCharacters.contains($0.value) }) {
                throw StoreError(
                    .invalidValue,
                    "event \(index): tag \(tag.key.debugDescription) needs a key of [a-z0-9_.-]{1,64} and a value "
                        + "without control characters")
            }
        }
    }

    /// Most distinct unexpected feature names tallied per model; further new names are not counted.
    package static let maximumUnexpectedNames = FeatureSlots.maximumSlots

    private static func addUnexpectedFeatures(_ counts: [String: Int], modelID: Int64, in db: Database) throws {
        guard !counts.isEmpty else { return }
        var distinct =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM unexpected_feature WHERE model_id = ?", arguments: [modelID])
            ?? 0
        let update = try db.cachedStatement(
            sql: "UPDATE unexpected_feature SET count = count + ? WHERE model_id = ? AND name = ?")
        let insert = try db.cachedStatement(
            sql: "INSERT INTO unexpected_feature (model_id, name, count) VALUES (?, ?, ?)")
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) where count > 0 {
            try update.execute(arguments: [count, modelID, name])
            if db.changesCount == 0, distinct < maximumUnexpectedNames {
                if ControlCharacters.contains(name) {
                    throw StoreError(
                        .invalidValue, "feature name \(name.debugDescription) contains a control character")
                }
                try insert.execute(arguments: [modelID, name, count])
                distinct += 1
            }
        }
    }
}
