import DriftCore
import GRDB

/// Writes the events of one batch inside the caller's transaction and keeps the tallies that are
/// applied to the model's counters and change log at the end (``finish()``).
struct EventInserter {
    private let db: Database
    private let modelID: Int64
    private let receivedAt: Int64
    private var slots: FeatureSlots
    /// The insert that also takes the label of another version of the id (see ``insert(_:)``).
    private let insertStatement: RawStatement
    /// The same insert without that lookup, while no event of the model has a label.
    private let plainInsertStatement: RawStatement
    private let takePendingStatement: Statement
    /// The other stored versions of an id whose label differs from a given one (see ``relabelOtherVersions(of:label:)``).
    private let otherVersionsStatement: Statement
    private let setLabelStatement: Statement
    /// Whether the model has labels waiting for their event; when not, no lookup is made per event.
    private let hasPendingLabels: Bool
    /// Whether a stored event of the model may carry a label (it has labelled events, or this batch stored
    /// one); until then no other version of an id is looked up for its label.
    private var mayHaveLabelledEvents: Bool
    private var writer = ByteWriter(capacity: 512)
    private var tagWriter = ByteWriter(capacity: 64)
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
    /// Events skipped because their (id, model version) was already stored.
    private(set) var duplicates = 0

    init(modelID: Int64, receivedAt: Int64, in db: Database) throws {
        self.db = db
        self.modelID = modelID
        self.receivedAt = receivedAt
        slots = try FeatureSlots(modelID: modelID, in: db)
        func insert(label: String) throws -> RawStatement {
            try RawStatement(
                sql: """
                    INSERT INTO event (model_id, event_id, ts, received_at, features, prediction, score, label,
                        model_version, shadow, tags, latency_ms)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \(label), ?9, ?10, ?11, ?12)
                    ON CONFLICT DO NOTHING RETURNING label IS NOT NULL
                    """, in: db)
        }
        insertStatement = try insert(
            label: "COALESCE(?8, (SELECT label FROM event WHERE model_id = ?1 AND event_id = ?2 AND label IS NOT NULL LIMIT 1))")
        plainInsertStatement = try insert(label: "?8")
        takePendingStatement = try db.cachedStatement(
            sql: "DELETE FROM pending_label WHERE model_id = ? AND event_id = ? RETURNING label")
        otherVersionsStatement = try db.cachedStatement(
            sql: """
                SELECT seq, ts, label IS NULL FROM event
                WHERE model_id = ? AND event_id = ? AND COALESCE(model_version, '') <> COALESCE(?, '') AND label IS NOT ?
                """)
        setLabelStatement = try db.cachedStatement(sql: "UPDATE event SET label = ? WHERE seq = ?")
        let counts = try Row.fetchOne(
            db, sql: "SELECT pending_label_count, labelled_count FROM model WHERE id = ?", arguments: [modelID])
        let pendingCount: Int = counts.map { $0[0] } ?? 0
        let labelledCount: Int = counts.map { $0[1] } ?? 0
        hasPendingLabels = pendingCount > 0
        mayHaveLabelledEvents = labelledCount > 0
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
        let statement = mayHaveLabelledEvents ? insertStatement : plainInsertStatement
        statement.bind(modelID, at: 1)
        statement.bind(event.id, at: 2)
        statement.bind(event.timestampMilliseconds, at: 3)
        statement.bind(receivedAt, at: 4)
        statement.bind(writer.bytes, at: 5)
        statement.bind(scalar: event.prediction, at: 6)
        statement.bind(event.score, at: 7)
        statement.bind(scalar: label, at: 8)
        statement.bind(event.modelVersion, at: 9)
        statement.bind(Int64(event.shadow ? 1 : 0), at: 10)
        if event.tags.isEmpty {
            statement.bind(nil as String?, at: 11)
        } else {
            TagCodec.encode(event.tags, into: &tagWriter)
            statement.bind(tagWriter.bytes, at: 11)
        }
        statement.bind(event.latencyMilliseconds, at: 12)
        // A label belongs to the request id, whatever version scored it (API.md, "Slices"): without a label
        // of its own, the event takes the one already joined to another version of its id. The insert looks
        // it up itself (the `COALESCE` subquery, an index probe inside SQLite: about 0.8 µs of 19 µs CPU per
        // event in a debug build, where a separate lookup through GRDB cost 6 µs) and returns whether the
        // row got a label. Until the model has a labelled event there is nothing to find, and the plain
        // insert runs.
        if let gotLabel = try statement.runReturningInteger() {
            accepted += 1
            if gotLabel != 0 {
                labelled += 1
                mayHaveLabelledEvents = true
            }
            touchedMinutes.insert(ChangeLog.minute(of: event.timestampMilliseconds))
            if let inline = event.label, inline != .null { try relabelOtherVersions(of: event, label: inline) }
        } else {
            duplicates += 1
        }
    }

    /// Gives the label an event brought with it to the versions of its id stored before it, as a label sent
    /// by id would (API.md, "Slices": a label belongs to every event of the model with that id, whatever its
    /// version). The update logs each change (the `event_label_change` trigger), so incremental window reads
    /// see it; one index probe per event that carries a label.
    private mutating func relabelOtherVersions(of event: Event, label: ScalarValue) throws {
        let value = StoredScalar.databaseValue(label)
        let others = try Row.fetchAll(
            otherVersionsStatement, arguments: [modelID, event.id, event.modelVersion, value])
        for other in others {
            let seq: Int64 = other[0]
            let wasUnlabelled: Bool = other[2]
            try setLabelStatement.execute(arguments: [value, seq])
            if wasUnlabelled { labelled += 1 }
            touchedMinutes.insert(ChangeLog.minute(of: other[1]))
        }
    }

    /// Applies the batch's tallies to the model's counters and records the touched minutes.
    func finish() throws {
        try ModelRow.addCounts(
            modelID: modelID, events: accepted, labelled: labelled, pendingLabels: -pendingTaken, in: db)
        try ChangeLog.record(minutes: touchedMinutes, modelID: modelID, receivedAt: receivedAt, in: db)
    }
}
