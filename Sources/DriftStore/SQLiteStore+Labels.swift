public import DriftCore
import GRDB

extension SQLiteStore {
    /// Stores a batch of labels in one transaction, committed before the method returns.
    ///
    /// A label whose event is stored joins it — every stored version of that id, since a label is the
    /// ground truth of the request whichever version scored it (API.md, "Slices") — replacing an earlier
    /// label (a correction), and counts as matched once. A label whose event has not arrived is kept, replacing an earlier pending label for the
    /// same id, and counts as unmatched; it joins the event when the event arrives, and from then on
    /// counts as matched in ``ModelRecord``.
    ///
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference,
    ///   ``StoreError/Code/invalidValue`` for an empty id or a `.null` label (nothing is stored then).
    ///   ``StoreError/Code/tooManyPendingLabels`` when the labels waiting for their event would exceed
    ///   `maxPendingLabels` (nothing of the batch is stored then).
    @discardableResult
    public func insertLabels(
        model: ModelName, labels: [LabelRecord], receivedAt: Int64, maxPendingLabels: Int = Int.max
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
        return try write { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            let findEvent = try db.cachedStatement(
                sql: "SELECT seq, ts, label IS NULL FROM event WHERE model_id = ? AND event_id = ?")
            let setLabel = try db.cachedStatement(sql: "UPDATE event SET label = ? WHERE seq = ?")
            let replacePending = try db.cachedStatement(
                sql: "UPDATE pending_label SET label = ?, received_at = ? WHERE model_id = ? AND event_id = ?")
            let addPending = try db.cachedStatement(
                sql: "INSERT INTO pending_label (model_id, event_id, label, received_at) VALUES (?, ?, ?, ?)")
            var matched = 0
            var unmatched = 0
            var newlyLabelled = 0
            var newPending = 0
            var minutes: Set<Int64> = []
            for record in labels {
                let value = StoredScalar.databaseValue(record.label)
                let events = try Row.fetchAll(findEvent, arguments: [modelID, record.id])
                if !events.isEmpty {
                    for event in events {
                        let seq: Int64 = event[0]
                        let wasUnlabelled: Bool = event[2]
                        try setLabel.execute(arguments: [value, seq])
                        if wasUnlabelled { newlyLabelled += 1 }
                        minutes.insert(ChangeLog.minute(of: event[1]))
                    }
                    matched += 1
                } else {
                    unmatched += 1
                    try replacePending.execute(arguments: [value, receivedAt, modelID, record.id])
                    if db.changesCount == 0 {
                        try addPending.execute(arguments: [modelID, record.id, value, receivedAt])
                        newPending += 1
                    }
                }
            }
            if newPending > 0 {
                let pending =
                    try Int.fetchOne(db, sql: "SELECT pending_label_count FROM model WHERE id = ?", arguments: [modelID])
                    ?? 0
                if pending + newPending > maxPendingLabels {
                    throw StoreError(
                        .tooManyPendingLabels,
                        "model '\(model)' already holds \(pending) labels whose events have not arrived; this batch "
                            + "adds \(newPending) more, over the limit of \(maxPendingLabels) "
                            + "(limits.max_pending_labels). Send the events first, or label only events you logged.")
                }
            }
            try ModelRow.addCounts(modelID: modelID, labelled: newlyLabelled, pendingLabels: newPending, in: db)
            try ChangeLog.record(minutes: minutes, modelID: modelID, receivedAt: receivedAt, in: db)
            return LabelInsertResult(matched: matched, unmatched: unmatched)
        }
    }
}

extension SQLiteStore {
    /// Drops labels that have waited longer than the label horizon for their event: those received
    /// before `receivedBefore` (milliseconds). Returns how many were dropped; the models' pending counts
    /// follow in the same transaction.
    @discardableResult
    public func expirePendingLabels(receivedBefore cutoff: Int64) throws(StoreError) -> Int {
        try write { db in
            let perModel = try Row.fetchAll(
                db,
                sql: "SELECT model_id, COUNT(*) FROM pending_label WHERE received_at < ? GROUP BY model_id",
                arguments: [cutoff])
            guard !perModel.isEmpty else { return 0 }
            try db.execute(sql: "DELETE FROM pending_label WHERE received_at < ?", arguments: [cutoff])
            var total = 0
            for row in perModel {
                let modelID: Int64 = row[0]
                let count: Int = row[1]
                total += count
                try db.execute(
                    sql: "UPDATE model SET pending_label_count = MAX(pending_label_count - ?, 0) WHERE id = ?",
                    arguments: [count, modelID])
            }
            return total
        }
    }
}
