public import DriftCore
import GRDB

extension SQLiteStore {
    /// Stores a batch of labels in one transaction, committed before the method returns.
    ///
    /// A label whose event is stored joins it (replacing an earlier label: a correction) and counts as
    /// matched. A label whose event has not arrived is kept, replacing an earlier pending label for the
    /// same id, and counts as unmatched; it joins the event when the event arrives, and from then on
    /// counts as matched in ``ModelRecord``.
    ///
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference,
    ///   ``StoreError/Code/invalidValue`` for an empty id or a `.null` label (nothing is stored then).
    @discardableResult
    public func insertLabels(
        model: ModelName, labels: [LabelRecord], receivedAt: Int64
    ) throws(StoreError) -> LabelInsertResult {
        if let index = labels.firstIndex(where: { $0.id.isEmpty }) {
            throw StoreError(.invalidValue, "label \(index) has an empty id")
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
                if let event = try Row.fetchOne(findEvent, arguments: [modelID, record.id]) {
                    let seq: Int64 = event[0]
                    let wasUnlabelled: Bool = event[2]
                    try setLabel.execute(arguments: [value, seq])
                    matched += 1
                    if wasUnlabelled { newlyLabelled += 1 }
                    minutes.insert(ChangeLog.minute(of: event[1]))
                } else {
                    unmatched += 1
                    try replacePending.execute(arguments: [value, receivedAt, modelID, record.id])
                    if db.changesCount == 0 {
                        try addPending.execute(arguments: [modelID, record.id, value, receivedAt])
                        newPending += 1
                    }
                }
            }
            try ModelRow.addCounts(modelID: modelID, labelled: newlyLabelled, pendingLabels: newPending, in: db)
            try ChangeLog.record(minutes: minutes, modelID: modelID, receivedAt: receivedAt, in: db)
            return LabelInsertResult(matched: matched, unmatched: unmatched)
        }
    }
}
