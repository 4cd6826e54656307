import DriftCore
import DriftStore

/// The label change log (`label_change`): labels are keyed by request id and joined to events when a
/// window is read, so a label written for an id that already has stored events changes the label of
/// every one of them. Each such write is logged with the label it replaced, numbered by the model's
/// `label_change_seq` under the model row lock, so that an incremental window read
/// (``PostgresStore/readWindowChunks(_:_:)``) can update a kept evaluation state with only what changed.
extension PostgresStore {
    /// Logs the labels of `labels` (id, label text) that differ from the id's current label. The caller
    /// holds the model row lock and passes only ids that have stored events; an id without a label, or with
    /// a pending one, is logged with no previous label.
    static func logLabelChanges(_ labels: [(id: String, label: String)], modelID: Int64, in session: Session) throws {
        guard !labels.isEmpty else { return }
        var current: [String: String] = [:]
        for row in try session.query(
            "SELECT event_id, label FROM label WHERE model_id = $1 AND NOT pending AND event_id = ANY($2::text[])",
            [.int(modelID), .texts(labels.map(\.id))])
        {
            current[try row.get(0, as: String.self)] = try row.get(1, as: String.self)
        }
        let changed = labels.filter { current[$0.id] != $0.label }
        guard !changed.isEmpty else { return }
        let last =
            try session.query(
                "UPDATE model SET label_change_seq = label_change_seq + $2 WHERE id = $1 RETURNING label_change_seq",
                [.int(modelID), .int(Int64(changed.count))]
            ).first?.get(0, as: Int64.self) ?? 0
        // The stored texts always start with a type letter, so '' stands for "no previous label".
        try session.query(
            """
            INSERT INTO label_change (model_id, seq, event_id, previous_label)
            SELECT $1, $2 + c.ord, c.id, NULLIF(c.previous, '')
            FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS c(id, previous, ord)
            """,
            [
                .int(modelID), .int(last - Int64(changed.count)), .texts(changed.map(\.id)),
                .texts(changed.map { current[$0.id] ?? "" }),
            ])
    }

    /// Logs the labels sent with a batch's `fresh` events for the ids that have earlier versions stored (an
    /// identity not among `stored`, the identities this batch added): the new label replaces theirs. The
    /// last label of an id in the batch is the one that stays.
    static func logLabelChangesOfEarlierVersions(
        fresh: [Event], stored: Set<IdentityKey>, modelID: Int64, in session: Session
    ) throws {
        var latest: [String: String] = [:]
        var order: [String] = []
        for event in fresh {
            guard let label = PostgresScalar.text(event.label) else { continue }
            if latest.updateValue(label, forKey: event.id) == nil { order.append(event.id) }
        }
        guard !order.isEmpty else { return }
        var earlier: Set<String> = []
        for row in try session.query(
            "SELECT event_id, version_key FROM event_identity WHERE model_id = $1 AND event_id = ANY($2::text[])",
            [.int(modelID), .texts(order)])
        {
            let key = IdentityKey(id: try row.get(0, as: String.self), version: try row.get(1, as: String.self))
            if !stored.contains(key) { earlier.insert(key.id) }
        }
        try logLabelChanges(
            order.filter(earlier.contains).map { (id: $0, label: latest[$0]!) }, modelID: modelID, in: session)
    }

    /// The label changes numbered in (`afterChange`, `upToChange`] of the window's served events (shadow
    /// predictions left out) numbered up to `eventsUpTo`, one per event, ordered by the change then the
    /// event: the label before the event's first change in the range, and its label now. Events are found
    /// from the logged id through `event_identity`, so every stored version of the id is updated.
    static func labelChanges(
        modelID: Int64, from: Int64, to: Int64, afterChange: Int64, upToChange: Int64, eventsUpTo: Int64,
        in session: Session
    ) throws -> [LabelChange] {
        guard upToChange > afterChange else { return [] }
        let rows = try session.query(
            """
            SELECT c.previous_label, l.label, e.prediction, e.score
            FROM label_change c
            JOIN event_identity i ON i.model_id = c.model_id AND i.event_id = c.event_id AND i.ts >= $5 AND i.ts < $6
            JOIN event e ON e.model_id = i.model_id AND e.ts = i.ts AND e.event_id = i.event_id
                AND COALESCE(e.model_version, '') = i.version_key
            LEFT JOIN label l ON l.model_id = c.model_id AND l.event_id = c.event_id
            WHERE c.model_id = $1 AND c.seq > $2 AND c.seq <= $3 AND e.seq <= $4 AND NOT e.shadow
            AND c.seq = (SELECT MIN(f.seq) FROM label_change f
                         WHERE f.model_id = c.model_id AND f.event_id = c.event_id AND f.seq > $2 AND f.seq <= $3)
            ORDER BY c.seq, e.seq
            """,
            [.int(modelID), .int(afterChange), .int(upToChange), .int(eventsUpTo), .int(from), .int(to)])
        var changes: [LabelChange] = []
        for row in rows {
            let cells = row.makeRandomAccess()
            changes.append(
                LabelChange(
                    previousLabel: try PostgresScalar.scalar(try cells[0].decode(String?.self)),
                    label: try PostgresScalar.scalar(try cells[1].decode(String?.self)),
                    prediction: try PostgresScalar.scalar(try cells[2].decode(String?.self)),
                    score: try cells[3].decode(Double?.self) ?? .nan))
        }
        return changes
    }
}
