import DriftCore
import GRDB

/// Writes the events of one batch inside the caller's transaction and keeps the tallies that are
/// applied to the model's counters and change log at the end (``finish()``).
struct EventInserter {
    private let db: Database
    private let modelID: Int64
    private let receivedAt: Int64
    private var slots: FeatureSlots
    private let insertStatement: RawStatement
    private let takePendingStatement: Statement
    /// Whether the model has labels waiting for their event; when not, no lookup is made per event.
    private let hasPendingLabels: Bool
    private var writer = ByteWriter(capacity: 512)
    /// The feature names and slots of the previous event, by position: clients send features in the
    /// same order every time, so comparing a name with the one at the same position usually replaces
    /// a hash lookup.
    private var previousNames: [String] = []
    private var previousSlots: [Int?] = []
    private var touchedMinutes: Set<Int64> = []
    private var labelled = 0
    private var pendingTaken = 0
    /// Events stored.
    private(set) var accepted = 0
    /// Events skipped because their id was already stored.
    private(set) var duplicates = 0

    init(modelID: Int64, receivedAt: Int64, in db: Database) throws {
        self.db = db
        self.modelID = modelID
        self.receivedAt = receivedAt
        slots = try FeatureSlots(modelID: modelID, in: db)
        insertStatement = try RawStatement(
            sql: """
                INSERT INTO event (model_id, event_id, ts, received_at, features, prediction, score, label,
                    model_version, latency_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_id, event_id) DO NOTHING
                """, in: db)
        takePendingStatement = try db.cachedStatement(
            sql: "DELETE FROM pending_label WHERE model_id = ? AND event_id = ? RETURNING label")
        let pendingCount = try Int.fetchOne(
            db, sql: "SELECT pending_label_count FROM model WHERE id = ?", arguments: [modelID])
        hasPendingLabels = (pendingCount ?? 0) > 0
    }

    /// Inserts one event, or counts it as a duplicate.
    mutating func insert(_ event: Event) throws {
        writer.removeAll()
        var position = 0
        try FeatureRowCodec.encode(event.features, into: &writer) { [db] name in
            defer { position += 1 }
            if position < previousNames.count, previousNames[position] == name { return previousSlots[position] }
            let slot = try slots.slot(for: name, in: db)
            if position < previousNames.count {
                previousNames[position] = name
                previousSlots[position] = slot
            } else {
                previousNames.append(name)
                previousSlots.append(slot)
            }
            return slot
        }
        var label = event.label == .null ? nil : event.label
        // A pending label exists only for an id that is not stored, so taking it cannot rob a duplicate.
        if hasPendingLabels,
            let pending = try DatabaseValue.fetchOne(takePendingStatement, arguments: [modelID, event.id])
        {
            pendingTaken += 1
            if label == nil { label = try StoredScalar.scalar(pending) }
        }
        insertStatement.bind(modelID, at: 1)
        insertStatement.bind(event.id, at: 2)
        insertStatement.bind(event.timestampMilliseconds, at: 3)
        insertStatement.bind(receivedAt, at: 4)
        insertStatement.bind(writer.bytes, at: 5)
        insertStatement.bind(scalar: event.prediction, at: 6)
        insertStatement.bind(event.score, at: 7)
        insertStatement.bind(scalar: label, at: 8)
        insertStatement.bind(event.modelVersion, at: 9)
        insertStatement.bind(event.latencyMilliseconds, at: 10)
        if try insertStatement.run() == 1 {
            accepted += 1
            if label != nil { labelled += 1 }
            touchedMinutes.insert(ChangeLog.minute(of: event.timestampMilliseconds))
        } else {
            duplicates += 1
        }
    }

    /// Applies the batch's tallies to the model's counters and records the touched minutes.
    func finish() throws {
        try ModelRow.addCounts(
            modelID: modelID, events: accepted, labelled: labelled, pendingLabels: -pendingTaken, in: db)
        try ChangeLog.record(minutes: touchedMinutes, modelID: modelID, receivedAt: receivedAt, in: db)
    }
}
