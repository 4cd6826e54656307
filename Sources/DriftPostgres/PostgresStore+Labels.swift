public import DriftCore
import DriftStore

extension PostgresStore: IngestionStore {
    /// Stores labels in one transaction: each replaces the label of its id, which joins every version of
    /// the id stored now or later (the window read joins by id); an id without events is `pending`.
    public func insertLabels(
        model: ModelName, labels: [LabelRecord], receivedAt: Int64, maxPendingLabels: Int
    ) throws(StoreError) -> LabelInsertResult {
        if let index = labels.firstIndex(where: { $0.id.isEmpty }) {
            throw StoreError(.invalidValue, "label \(index) has an empty id")
        }
        if let index = labels.firstIndex(where: { ControlCharacters.contains($0.id) }) {
            throw StoreError(.invalidValue, "label \(index): the id contains a control character")
        }
        if let index = labels.firstIndex(where: { $0.label == .null }) {
            throw StoreError(.invalidValue, "label \(index) is null; a label needs a value")
        }
        // The last label of an id in the batch wins, as when they arrive one by one.
        var latest: [String: String] = [:]
        var order: [String] = []
        for record in labels {
            if latest.updateValue(PostgresScalar.text(record.label) ?? "", forKey: record.id) == nil { order.append(record.id) }
        }
        return try pool.transaction { session in
            let modelID = try Self.lockModel(model, in: session)
            // Per distinct id: the event times of its stored versions (empty when none).
            var times: [String: [Int64]] = [:]
            for row in try session.query(
                "SELECT event_id, ts FROM event_identity WHERE model_id = $1 AND event_id = ANY($2::text[])",
                [.int(modelID), .texts(order)])
            {
                times[try row.get(0, as: String.self), default: []].append(try row.get(1, as: Int64.self))
            }
            let pendingIDs = order.filter { times[$0] == nil }
            let alreadyPending = try session.query(
                "SELECT COUNT(*) FROM label WHERE model_id = $1 AND pending", [.int(modelID)]
            ).first?.get(0, as: Int64.self) ?? 0
            let newPending = try session.query(
                "SELECT COUNT(*) FROM unnest($2::text[]) AS p(id) WHERE NOT EXISTS "
                    + "(SELECT 1 FROM label l WHERE l.model_id = $1 AND l.event_id = p.id)",
                [.int(modelID), .texts(pendingIDs)]
            ).first?.get(0, as: Int64.self) ?? 0
            if newPending > 0, Int(alreadyPending + newPending) > maxPendingLabels {
                throw StoreError(
                    .tooManyPendingLabels,
                    "model '\(model)' already holds \(alreadyPending) labels whose events have not arrived; this batch "
                        + "adds \(newPending) more, over the limit of \(maxPendingLabels) "
                        + "(limits.max_pending_labels). Send the events first, or label only events you logged.")
            }
            try Self.logLabelChanges(
                order.filter { times[$0] != nil }.map { (id: $0, label: latest[$0]!) }, modelID: modelID, in: session)
            try session.query(
                """
                INSERT INTO label (model_id, event_id, label, received_at, pending)
                SELECT $1, u.id, u.label, $4, u.pending FROM unnest($2::text[], $3::text[], $5::bool[]) AS u(id, label, pending)
                ON CONFLICT (model_id, event_id) DO UPDATE
                SET label = excluded.label, received_at = excluded.received_at, pending = excluded.pending
                """,
                [
                    .int(modelID), .texts(order), .texts(order.map { latest[$0]! }), .int(receivedAt),
                    .bools(order.map { times[$0] == nil }),
                ])
            let minutes = Set(times.values.joined().map { ChangeLog.minute(of: $0) })
            try Self.recordChanges(minutes, modelID: modelID, receivedAt: receivedAt, in: session)
            let matched = labels.filter { times[$0.id] != nil }.count
            return LabelInsertResult(matched: matched, unmatched: labels.count - matched)
        }
    }

    public func expirePendingLabels(receivedBefore cutoff: Int64) throws(StoreError) -> Int {
        try pool.transaction { session in
            try session.affected("DELETE FROM label WHERE pending AND received_at < $1", [.int(cutoff)])
        }
    }

    public func versionOutcomes(model: ModelName, a: String, b: String, from: Int64, to: Int64) throws(StoreError)
        -> VersionOutcomes?
    {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else { return nil }
            var counts: [String: Int] = [:]
            for row in try session.query(
                """
                SELECT model_version, COUNT(*) FROM event
                WHERE model_id = $1 AND ts >= $2 AND ts < $3 AND model_version IS NOT NULL GROUP BY model_version
                """, [.int(modelID), .int(from), .int(to)])
            {
                counts[try row.get(0, as: String.self)] = Int(try row.get(1, as: Int64.self))
            }
            var outcomesA: [VersionOutcomes.Outcome] = []
            var outcomesB: [VersionOutcomes.Outcome] = []
            for row in try session.query(
                """
                SELECT e.model_version, e.event_id, e.prediction, e.score, l.label FROM event e
                LEFT JOIN label l ON l.model_id = e.model_id AND l.event_id = e.event_id
                WHERE e.model_id = $1 AND e.ts >= $2 AND e.ts < $3 AND e.model_version IN ($4, $5) ORDER BY e.seq
                """, [.int(modelID), .int(from), .int(to), .text(a), .text(b)])
            {
                let version = try row.get(0, as: String.self)
                let outcome = VersionOutcomes.Outcome(
                    id: try row.get(1, as: String.self), prediction: try PostgresScalar.scalar(try row.get(2, as: String?.self)),
                    score: try row.get(3, as: Double?.self), label: try PostgresScalar.scalar(try row.get(4, as: String?.self)))
                if version == a { outcomesA.append(outcome) }
                if version == b { outcomesB.append(outcome) }
            }
            return VersionOutcomes(a: outcomesA, b: outcomesB, eventsPerVersion: counts)
        }
    }
}
