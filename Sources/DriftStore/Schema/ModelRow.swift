import DriftCore
import GRDB

/// Lookups of a model's row id and counters, shared by the write and read paths.
enum ModelRow {
    /// The row id of `model`, or nil when it has no reference yet.
    static func id(of model: ModelName, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM model WHERE name = ?"), arguments: [model.rawValue])
    }

    /// The row id of `model`.
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference.
    static func requireID(of model: ModelName, in db: Database) throws -> Int64 {
        guard let id = try id(of: model, in: db) else {
            throw StoreError(.unknownModel, "model \(model) has no reference; upload one first")
        }
        return id
    }

    /// Adds the deltas to a model's counters.
    static func addCounts(
        modelID: Int64, events: Int = 0, labelled: Int = 0, pendingLabels: Int = 0, in db: Database
    ) throws {
        guard events != 0 || labelled != 0 || pendingLabels != 0 else { return }
        try db.execute(
            sql: """
                UPDATE model SET event_count = event_count + ?, labelled_count = labelled_count + ?,
                    pending_label_count = pending_label_count + ? WHERE id = ?
                """,
            arguments: [events, labelled, pendingLabels, modelID])
    }
}
