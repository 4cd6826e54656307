public import DriftCore
import GRDB

extension SQLiteStore {
    /// Deletes the events of every model whose event time is before `cutoff` (with their labels), in
    /// transactions of at most `chunkSize` rows so that ingestion waits for at most one chunk.
    ///
    /// Also deletes the deleted events' label changes, the persisted states of windows starting before
    /// `cutoff`, and, in the same bounded way, labels still waiting for their event and change-log entries
    /// that arrived before `cutoff`. Once an event is deleted its
    /// id is forgotten: the same id sent again would be stored again.
    ///
    /// - Parameters:
    ///   - cutoff: milliseconds since the Unix epoch; events with `timestamp < cutoff` go.
    ///   - chunkSize: most rows deleted per transaction.
    /// - Returns: the number of events deleted.
    @discardableResult
    public func deleteEvents(olderThan cutoff: Int64, chunkSize: Int = 10_000) throws(StoreError) -> Int {
        guard chunkSize > 0 else { throw StoreError(.invalidValue, "chunk size must be positive") }
        let modelIDs = try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM model ORDER BY id") }
        var deleted = 0
        for modelID in modelIDs {
            while true {
                let chunk = try write { db in
                    try Self.deleteEventChunk(modelID: modelID, cutoff: cutoff, limit: chunkSize, in: db)
                }
                deleted += chunk
                if chunk < chunkSize { break }
            }
        }
        while try write({ db in try Self.deletePendingLabelChunk(cutoff: cutoff, limit: chunkSize, in: db) })
            == chunkSize
        {}
        while try write({ db in
            try db.execute(
                sql: "DELETE FROM change_log WHERE seq IN (SELECT seq FROM change_log WHERE received_at < ? LIMIT ?)",
                arguments: [cutoff, chunkSize])
            return db.changesCount
        }) == chunkSize {}
        // A window whose events retention deleted (some or all) is rebuilt from what is left.
        try write { db in try db.execute(sql: "DELETE FROM window_state WHERE window_start < ?", arguments: [cutoff]) }
        return deleted
    }

    /// Deletes up to `limit` of a model's oldest events before `cutoff`; returns how many.
    private static func deleteEventChunk(modelID: Int64, cutoff: Int64, limit: Int, in db: Database) throws -> Int {
        // Their label changes go with them (the log only serves incremental passes over live windows).
        try db.execute(
            sql: """
                DELETE FROM label_change WHERE event_seq IN
                    (SELECT seq FROM event WHERE model_id = ? AND ts < ? ORDER BY ts, seq LIMIT ?)
                """,
            arguments: [modelID, cutoff, limit])
        let labelled = try Bool.fetchAll(
            db,
            sql: """
                DELETE FROM event WHERE seq IN
                    (SELECT seq FROM event WHERE model_id = ? AND ts < ? ORDER BY ts, seq LIMIT ?)
                RETURNING label IS NOT NULL
                """,
            arguments: [modelID, cutoff, limit])
        try ModelRow.addCounts(
            modelID: modelID, events: -labelled.count, labelled: -labelled.lazy.filter { $0 }.count, in: db)
        return labelled.count
    }

    /// Deletes up to `limit` pending labels that arrived before `cutoff`; returns how many.
    private static func deletePendingLabelChunk(cutoff: Int64, limit: Int, in db: Database) throws -> Int {
        let modelIDs = try Int64.fetchAll(
            db,
            sql: """
                DELETE FROM pending_label WHERE (model_id, event_id) IN
                    (SELECT model_id, event_id FROM pending_label WHERE received_at < ? LIMIT ?)
                RETURNING model_id
                """,
            arguments: [cutoff, limit])
        for (modelID, count) in Dictionary(grouping: modelIDs, by: { $0 }).mapValues(\.count) {
            try ModelRow.addCounts(modelID: modelID, pendingLabels: -count, in: db)
        }
        return modelIDs.count
    }
}
