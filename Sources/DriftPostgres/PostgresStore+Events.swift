public import DriftCore
import DriftStore
import NIOCore

extension PostgresStore {
    /// Stores a batch in one transaction (see ``insert(_:in:)``), committed before returning.
    public func insertEvents(
        model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int]
    ) throws(StoreError) -> EventInsertResult {
        let batch = EventBatch(
            model: model, events: events, receivedAt: receivedAt, unexpectedFeatures: unexpectedFeatures)
        try prepare(batch)
        return try pool.transaction { session in try Self.insert(batch, in: session) }
    }

    /// Every commit is a round trip and a WAL flush: always worth sharing.
    public var prefersGroupCommit: Bool { true }

    /// Stores several batches in one transaction (group commit), each between `SAVEPOINT` and
    /// `RELEASE`: a batch that fails is rolled back to its savepoint and answered with its error, the others
    /// commit together. A group of one runs without a savepoint.
    /// - Throws: when the transaction itself fails (a lost connection, a failed `COMMIT`): nothing is stored.
    public func insertEventBatches(_ batches: [EventBatch]) throws(StoreError) -> [Result<
        EventInsertResult, StoreError
    >] {
        var results: [Result<EventInsertResult, StoreError>?] = batches.map { batch in
            do throws(StoreError) {
                try prepare(batch)
                return nil
            } catch {
                return .failure(error)
            }
        }
        let open = results.indices.filter { results[$0] == nil }
        if open.count == 1, let index = open.first {
            do throws(StoreError) {
                results[index] = .success(
                    try pool.transaction { session in try Self.insert(batches[index], in: session) })
            } catch {
                results[index] = .failure(error)
            }
        } else if !open.isEmpty {
            try pool.transaction { session in
                for index in open {
                    try session.execute("SAVEPOINT batch")
                    do {
                        results[index] = .success(try Self.insert(batches[index], in: session))
                        try session.execute("RELEASE SAVEPOINT batch")
                    } catch {
                        try session.execute("ROLLBACK TO SAVEPOINT batch")
                        results[index] = .failure(Session.storeError(error))
                    }
                }
            }
        }
        return results.map { $0 ?? .failure(StoreError(.database, "the batch was not stored")) }
    }

    /// The checks and catalog work of a batch that run before its transaction: ids, control characters,
    /// and the day partitions of its events.
    private func prepare(_ batch: EventBatch) throws(StoreError) {
        if let index = batch.events.firstIndex(where: { $0.id.isEmpty }) {
            throw StoreError(.invalidValue, "event \(index) has an empty id")
        }
        try SQLiteStore.refuseControlCharacters(batch.events)
        try ensurePartitions(for: batch.events.map(\.timestampMilliseconds))
    }

    /// Inserts one batch inside the caller's transaction with three multi-row statements, whatever its size:
    /// the identities (`ON CONFLICT DO NOTHING` answers the duplicates), then the accepted events, then the
    /// labels waiting for them. Each statement binds whole columns as arrays and reads them back with
    /// `unnest`, so its text never changes and the server plans it once per connection.
    private static func insert(_ batch: EventBatch, in session: Session) throws -> EventInsertResult {
        let modelID = try lockModel(batch.model, in: session)
        var slots = try Self.featureSlots(modelID: modelID, in: session)
        // Repeats inside the batch count as duplicates without reaching the server.
        var seen: Set<IdentityKey> = []
        var unique: [Event] = []
        unique.reserveCapacity(batch.events.count)
        for event in batch.events where seen.insert(IdentityKey(event)).inserted {
            unique.append(event)
        }
        let accepted = try session.query(
            """
            INSERT INTO event_identity (model_id, event_id, version_key, ts)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])
            ON CONFLICT DO NOTHING RETURNING event_id, version_key
            """,
            [
                .int(modelID), .texts(unique.map(\.id)), .texts(unique.map { $0.modelVersion ?? "" }),
                .ints(unique.map(\.timestampMilliseconds)),
            ])
        var stored: Set<IdentityKey> = []
        for row in accepted {
            stored.insert(IdentityKey(id: try row.get(0, as: String.self), version: try row.get(1, as: String.self)))
        }
        let fresh = unique.filter { stored.contains(IdentityKey($0)) }
        var columns = EventColumns(capacity: fresh.count)
        for event in fresh {
            try columns.append(event) { name in
                if let slot = slots[name] { return slot }
                guard slots.count < FeatureSlots.maximumSlots else { return nil }
                try Self.addSlot(name, to: &slots, modelID: modelID, in: session)
                return slots[name]
            }
        }
        if !fresh.isEmpty {
            // The model's next numbers, under its row lock: they commit in the order they are taken.
            let last = try session.query(
                "UPDATE model SET event_seq = event_seq + $2 WHERE id = $1 RETURNING event_seq",
                [.int(modelID), .int(Int64(fresh.count))]
            ).first?.get(0, as: Int64.self) ?? 0
            // Labels sent with their events replace the label of earlier versions of the same ids.
            try logLabelChangesOfEarlierVersions(fresh: fresh, stored: stored, modelID: modelID, in: session)
            try session.query(
                """
                INSERT INTO event (seq, model_id, event_id, ts, received_at, features, prediction, score, model_version,
                    shadow, tags, latency_ms)
                SELECT $12 + u.ord, $1, u.id, u.ts, $2, u.features, NULLIF(u.prediction, ''),
                    NULLIF(u.score, 'NaN'::float8), NULLIF(u.version, ''), u.shadow, NULLIF(u.tags, ''::bytea),
                    NULLIF(u.latency, 'NaN'::float8)
                FROM (SELECT * FROM unnest($3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::float8[],
                    $8::text[], $9::bool[], $10::bytea[], $11::float8[]) WITH ORDINALITY
                    AS t(id, ts, features, prediction, score, version, shadow, tags, latency, ord) ORDER BY ord) u
                """,
                [
                    .int(modelID), .int(batch.receivedAt), .texts(columns.ids), .ints(columns.timestamps),
                    .byteas(columns.features), .texts(columns.predictions), .doubles(columns.scores),
                    .texts(columns.versions), .bools(columns.shadows), .byteas(columns.tags),
                    .doubles(columns.latencies), .int(last - Int64(fresh.count)),
                ])
            // Labels sent with their events, then labels that were waiting for these ids.
            let labelled = fresh.compactMap { event in
                PostgresScalar.text(event.label).map { (event.id, $0) }
            }
            if !labelled.isEmpty {
                try session.query(
                    """
                    INSERT INTO label (model_id, event_id, label, received_at, pending)
                    SELECT $1, * , $4, false FROM unnest($2::text[], $3::text[])
                    ON CONFLICT (model_id, event_id) DO UPDATE SET label = excluded.label, pending = false
                    """, [.int(modelID), .texts(labelled.map(\.0)), .texts(labelled.map(\.1)), .int(batch.receivedAt)])
            }
            try session.query(
                "UPDATE label SET pending = false WHERE model_id = $1 AND pending AND event_id = ANY($2::text[])",
                [.int(modelID), .texts(fresh.map(\.id))])
        }
        try addUnexpectedFeatures(batch.unexpectedFeatures, modelID: modelID, in: session)
        try Self.recordChanges(
            Set(fresh.map { ChangeLog.minute(of: $0.timestampMilliseconds) }), modelID: modelID,
            receivedAt: batch.receivedAt, in: session)
        return EventInsertResult(accepted: fresh.count, duplicates: batch.events.count - fresh.count)
    }

    public func eventTimeRange(model: ModelName) throws(StoreError) -> ClosedRange<Int64>? {
        try pool.withConnection { session in
            guard
                let row = try session.query(
                    """
                    SELECT MIN(i.ts), MAX(i.ts) FROM event_identity i JOIN model m ON m.id = i.model_id WHERE m.name = $1
                    """, [.text(model.rawValue)]
                ).first,
                let low = try row.get(0, as: Int64?.self), let high = try row.get(1, as: Int64?.self)
            else { return nil }
            return low...high
        }
    }

    /// Creates the day partitions of `timestamps` that do not exist yet, each in its own statement under
    /// an advisory lock (two replicas creating the same day would otherwise race in the catalog).
    func ensurePartitions(for timestamps: [Int64]) throws(StoreError) {
        let days = Set(timestamps.map { ChangeLog.floorDivide($0, Self.dayMilliseconds) })
        let missing = partitions.withLock { known in days.subtracting(known) }
        guard !missing.isEmpty else { return }
        try pool.withConnection { session in
            try session.execute("SELECT pg_advisory_lock(\(Self.partitionLock))")
            defer { _ = try? session.execute("SELECT pg_advisory_unlock(\(Self.partitionLock))") }
            for day in missing.sorted() {
                try session.execute(
                    """
                    CREATE TABLE IF NOT EXISTS \(Self.partitionName(day: day)) PARTITION OF event
                    FOR VALUES FROM (\(day * Self.dayMilliseconds)) TO (\((day + 1) * Self.dayMilliseconds))
                    """)
            }
        }
        partitions.withLock { $0.formUnion(missing) }
    }

    static let dayMilliseconds: Int64 = 86_400_000

    /// `event_d20260101`-style names would need a calendar; the day number is enough and sorts the same.
    static func partitionName(day: Int64) -> String {
        day < 0 ? "event_dm\(-day)" : "event_d\(day)"
    }

    private static func addUnexpectedFeatures(_ counts: [String: Int], modelID: Int64, in session: Session) throws {
        let positive = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        guard !positive.isEmpty else { return }
        if let name = positive.first(where: { ControlCharacters.contains($0.key) })?.key {
            throw StoreError(.invalidValue, "feature name \(name.debugDescription) contains a control character")
        }
        try session.query(
            "UPDATE unexpected_feature u SET count = u.count + c.n FROM unnest($2::text[], $3::bigint[]) AS c(name, n) "
                + "WHERE u.model_id = $1 AND u.name = c.name",
            [.int(modelID), .texts(positive.map(\.key)), .ints(positive.map { Int64($0.value) })])
        // New names up to the cap on distinct names.
        try session.query(
            """
            INSERT INTO unexpected_feature (model_id, name, count)
            SELECT $1, c.name, c.n FROM unnest($2::text[], $3::bigint[]) AS c(name, n)
            WHERE NOT EXISTS (SELECT 1 FROM unexpected_feature u WHERE u.model_id = $1 AND u.name = c.name)
            ORDER BY c.name
            LIMIT GREATEST(0, $4 - (SELECT COUNT(*) FROM unexpected_feature WHERE model_id = $1))
            """,
            [
                .int(modelID), .texts(positive.map(\.key)), .ints(positive.map { Int64($0.value) }),
                .int(Int64(SQLiteStore.maximumUnexpectedNames)),
            ])
    }
}

/// An event's identity: (id, model version), the version `""` when it has none.
struct IdentityKey: Hashable {
    var id: String
    var version: String

    init(id: String, version: String) {
        self.id = id
        self.version = version
    }

    init(_ event: Event) {
        self.init(id: event.id, version: event.modelVersion ?? "")
    }
}

/// A batch's accepted events as the columns the insert binds.
struct EventColumns {
    var ids: [String] = []
    var timestamps: [Int64] = []
    var features: [ByteBuffer] = []
    var predictions: [String] = []
    var scores: [Double] = []
    var versions: [String] = []
    var shadows: [Bool] = []
    var tags: [ByteBuffer] = []
    var latencies: [Double] = []
    private var writer = ByteWriter(capacity: 512)
    private var tagWriter = ByteWriter(capacity: 64)

    init(capacity: Int) {
        ids.reserveCapacity(capacity)
        timestamps.reserveCapacity(capacity)
        features.reserveCapacity(capacity)
    }

    mutating func append(_ event: Event, slot: (String) throws -> Int?) throws {
        writer.removeAll()
        try FeatureRowCodec.encode(event.features, into: &writer, slot: slot)
        ids.append(event.id)
        timestamps.append(event.timestampMilliseconds)
        features.append(ByteBuffer(bytes: writer.bytes))
        predictions.append(PostgresScalar.text(event.prediction) ?? "")
        scores.append(event.score ?? .nan)
        versions.append(event.modelVersion ?? "")
        shadows.append(event.shadow)
        if event.tags.isEmpty {
            tags.append(ByteBuffer())
        } else {
            tagWriter.removeAll()
            TagCodec.encode(event.tags, into: &tagWriter)
            tags.append(ByteBuffer(bytes: tagWriter.bytes))
        }
        latencies.append(event.latencyMilliseconds ?? .nan)
    }
}
