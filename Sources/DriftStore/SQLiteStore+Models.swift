public import DriftCore
import GRDB

extension SQLiteStore {
    /// Every model with a reference, sorted by name.
    public func models() throws(StoreError) -> [ModelRecord] {
        try read { db in
            try Row.fetchAll(db, sql: Self.modelQuery + " ORDER BY m.name").map { try Self.modelRecord($0, in: db) }
        }
    }

    /// At most `limit` models whose names sort after `after` (all when nil), sorted by name: one page of
    /// the model list, in an order that inserts and deletes elsewhere do not disturb.
    public func models(after: String?, limit: Int) throws(StoreError) -> [ModelRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: Self.modelQuery + " WHERE m.name > ? ORDER BY m.name LIMIT ?",
                arguments: [after ?? "", max(limit, 0)]
            ).map { try Self.modelRecord($0, in: db) }
        }
    }

    /// Most bytes of unexpected feature names listed in one model's description; the most frequent names
    /// are listed first and the rest counted in ``ModelRecord/unexpectedFeaturesOmitted``.
    package static let maximumListedUnexpectedBytes = 16 * 1024

    /// The named model, or nil when it has no reference.
    public func model(named name: ModelName) throws(StoreError) -> ModelRecord? {
        try read { db in
            try Row.fetchOne(db, sql: Self.modelQuery + " WHERE m.name = ?", arguments: [name.rawValue])
                .map { try Self.modelRecord($0, in: db) }
        }
    }

    private static let modelQuery = """
        SELECT m.id, m.name, m.created_at, m.latest_version, r.row_count, r.schema_json,
               m.event_count, m.labelled_count, m.pending_label_count, r.content_sha256
        FROM model m JOIN reference r ON r.model_id = m.id AND r.version = m.latest_version
        """

    private static func modelRecord(_ row: Row, in db: Database) throws -> ModelRecord {
        let modelID: Int64 = row[0]
        let rawName: String = row[1]
        guard let name = ModelName(rawName) else {
            throw StoreError(.corruptData, "stored model name \(rawName) is not a slug")
        }
        var unexpected: [String: Int] = [:]
        var listedBytes = 0
        var omitted = 0
        let counts = try Row.fetchCursor(
            db, sql: "SELECT name, count FROM unexpected_feature WHERE model_id = ? ORDER BY count DESC, name",
            arguments: [modelID])
        while let count = try counts.next() {
            let name: String = count[0]
            if omitted == 0, listedBytes + name.utf8.count <= maximumListedUnexpectedBytes {
                unexpected[name] = count[1]
                listedBytes += name.utf8.count
            } else {
                omitted += 1
            }
        }
        return ModelRecord(
            name: name, schema: try decodeSchema(row[5]), referenceVersion: row[3], referenceRowCount: row[4],
            createdAt: row[2], eventCount: row[6], matchedLabelCount: row[7], unmatchedLabelCount: row[8],
            unexpectedFeatures: unexpected, unexpectedFeaturesOmitted: omitted, referenceSHA256: row[9])
    }
}
