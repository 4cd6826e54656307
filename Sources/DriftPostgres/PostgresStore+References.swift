public import DriftCore
public import DriftStats
import DriftStore
import Foundation
import NIOCore
import PostgresNIO

extension PostgresStore: ReferenceStore {
    public func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics?, contentSHA256: String?
    ) throws(StoreError) -> (version: Int, created: Bool) {
        try saveReference(
            model: model, schema: schema, profile: profile, rowCount: rowCount, at: createdAt, performance: performance,
            contentSHA256: contentSHA256, segments: [])
    }

    /// Saves a reference version with its segment references in one transaction (see ``SliceStore``).
    public func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics?, contentSHA256: String?, segments: [ReferenceSegment]
    ) throws(StoreError) -> (version: Int, created: Bool) {
        guard rowCount >= 0 else { throw StoreError(.invalidValue, "a reference cannot have \(rowCount) rows") }
        let encoded: (schema: String, performance: String?, profile: [UInt8])
        do {
            encoded = (
                String(decoding: try SQLiteStore.schemaEncoder.encode(schema), as: UTF8.self),
                try performance.map { String(decoding: try SQLiteStore.performanceEncoder.encode($0), as: UTF8.self) },
                try ProfileCodec.encode(profile)
            )
        } catch {
            throw StoreError(.invalidValue, "the reference cannot be encoded: \(error)")
        }
        let encodedSegments = try Self.encodeSegments(segments)
        return try pool.transaction { session in
            try session.query(
                "INSERT INTO model (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                [.text(model.rawValue), .int(createdAt)])
            let modelID = try Self.lockModel(model, in: session)
            let latest = try session.query(
                """
                SELECT r.version, r.content_sha256 FROM model m
                JOIN reference r ON r.model_id = m.id AND r.version = m.latest_version WHERE m.id = $1
                """, [.int(modelID)]
            ).first
            if let contentSHA256, let latest, try latest.get(1, as: String?.self) == contentSHA256 {
                return (Int(try latest.get(0, as: Int32.self)), false)
            }
            let version = Int(try latest?.get(0, as: Int32.self) ?? 0) + 1
            try session.query(
                """
                INSERT INTO reference (model_id, version, schema_json, profile, row_count, created_at, performance_json,
                    content_sha256)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    .int(modelID), .int(Int64(version)), .text(encoded.schema), .bytes(encoded.profile),
                    .int(Int64(rowCount)), .int(createdAt), .text(encoded.performance), .text(contentSHA256),
                ])
            try session.query(
                "UPDATE model SET latest_version = $1 WHERE id = $2", [.int(Int64(version)), .int(modelID)])
            try Self.insertSegments(encodedSegments, modelID: modelID, version: version, in: session)
            var slots = try Self.featureSlots(modelID: modelID, in: session)
            for feature in schema.features where slots[feature.name] == nil {
                try Self.addSlot(feature.name, to: &slots, modelID: modelID, in: session)
            }
            return (version, true)
        }
    }

    public func reference(model: ModelName, version: Int) throws(StoreError) -> StoredReference? {
        try pool.withConnection { session in
            try Self.fetchReference(
                """
                SELECT r.version, r.schema_json, r.profile, r.row_count, r.created_at, r.performance_json
                FROM reference r JOIN model m ON m.id = r.model_id WHERE m.name = $1 AND r.version = $2
                """, [.text(model.rawValue), .int(Int64(version))], in: session)
        }
    }

    public func latestReference(model: ModelName) throws(StoreError) -> StoredReference? {
        try pool.withConnection { session in
            try Self.fetchReference(
                """
                SELECT r.version, r.schema_json, r.profile, r.row_count, r.created_at, r.performance_json
                FROM reference r JOIN model m ON m.id = r.model_id AND r.version = m.latest_version WHERE m.name = $1
                """, [.text(model.rawValue)], in: session)
        }
    }

    public func latestSchema(model: ModelName) throws(StoreError) -> (version: Int, schema: ModelSchema)? {
        try pool.withConnection { session in
            guard
                let row = try session.query(
                    """
                    SELECT r.version, r.schema_json FROM model m
                    JOIN reference r ON r.model_id = m.id AND r.version = m.latest_version WHERE m.name = $1
                    """, [.text(model.rawValue)]
                ).first
            else { return nil }
            return (Int(try row.get(0, as: Int32.self)), try SQLiteStore.decodeSchema(try row.get(1, as: String.self)))
        }
    }

    public func referenceVersions(model: ModelName) throws(StoreError) -> [Int] {
        try pool.withConnection { session in
            try session.query(
                "SELECT r.version FROM reference r JOIN model m ON m.id = r.model_id WHERE m.name = $1 ORDER BY r.version",
                [.text(model.rawValue)]
            ).map { Int(try $0.get(0, as: Int32.self)) }
        }
    }

    public func models() throws(StoreError) -> [ModelRecord] {
        try pool.withConnection { session in
            try session.query(Self.modelQuery + " ORDER BY m.name").map { try Self.modelRecord($0, in: session) }
        }
    }

    public func models(after: String?, limit: Int) throws(StoreError) -> [ModelRecord] {
        try pool.withConnection { session in
            try session.query(
                Self.modelQuery + " WHERE m.name > $1 ORDER BY m.name LIMIT $2",
                [.text(after ?? ""), .int(Int64(max(limit, 0)))]
            ).map { try Self.modelRecord($0, in: session) }
        }
    }

    public func model(named name: ModelName) throws(StoreError) -> ModelRecord? {
        try pool.withConnection { session in
            try session.query(Self.modelQuery + " WHERE m.name = $1", [.text(name.rawValue)]).first
                .map { try Self.modelRecord($0, in: session) }
        }
    }

    /// The model list's columns; the counters are counted rather than kept in the model row, so that
    /// retention dropping a partition needs no per-row bookkeeping.
    private static let modelQuery = """
        SELECT m.id, m.name, m.created_at, m.latest_version, r.row_count, r.schema_json, r.content_sha256,
            (SELECT COUNT(*) FROM event_identity i WHERE i.model_id = m.id),
            (SELECT COUNT(*) FROM event_identity i JOIN label l ON l.model_id = i.model_id AND l.event_id = i.event_id
                WHERE i.model_id = m.id),
            (SELECT COUNT(*) FROM label l WHERE l.model_id = m.id AND l.pending)
        FROM model m JOIN reference r ON r.model_id = m.id AND r.version = m.latest_version
        """

    private static func modelRecord(_ row: PostgresRow, in session: Session) throws -> ModelRecord {
        let modelID = try row.get(0, as: Int64.self)
        let rawName = try row.get(1, as: String.self)
        guard let name = ModelName(rawName) else {
            throw StoreError(.corruptData, "stored model name \(rawName) is not a slug")
        }
        var unexpected: [String: Int] = [:]
        var listedBytes = 0
        var omitted = 0
        let counts = try session.query(
            "SELECT name, count FROM unexpected_feature WHERE model_id = $1 ORDER BY count DESC, name", [.int(modelID)])
        for count in counts {
            let feature = try count.get(0, as: String.self)
            if omitted == 0, listedBytes + feature.utf8.count <= SQLiteStore.maximumListedUnexpectedBytes {
                unexpected[feature] = Int(try count.get(1, as: Int64.self))
                listedBytes += feature.utf8.count
            } else {
                omitted += 1
            }
        }
        return ModelRecord(
            name: name, schema: try SQLiteStore.decodeSchema(try row.get(5, as: String.self)),
            referenceVersion: Int(try row.get(3, as: Int32.self)), referenceRowCount: Int(try row.get(4, as: Int64.self)),
            createdAt: try row.get(2, as: Int64.self), eventCount: Int(try row.get(7, as: Int64.self)),
            matchedLabelCount: Int(try row.get(8, as: Int64.self)), unmatchedLabelCount: Int(try row.get(9, as: Int64.self)),
            unexpectedFeatures: unexpected, unexpectedFeaturesOmitted: omitted,
            referenceSHA256: try row.get(6, as: String?.self))
    }

    private static func fetchReference(_ sql: String, _ binds: [Bind], in session: Session) throws -> StoredReference? {
        guard let row = try session.query(sql, binds).first else { return nil }
        let buffer = try row.get(2, as: ByteBuffer.self)
        let profile = try buffer.withUnsafeReadableBytes { try ProfileCodec.decode($0) }
        return StoredReference(
            version: Int(try row.get(0, as: Int32.self)), schema: try SQLiteStore.decodeSchema(try row.get(1, as: String.self)),
            profile: profile, rowCount: Int(try row.get(3, as: Int64.self)), createdAt: try row.get(4, as: Int64.self),
            performance: try row.get(5, as: String?.self).map(SQLiteStore.decodePerformance))
    }

    /// Name → slot of a model's feature dictionary (the same numbering as the SQLite store's).
    static func featureSlots(modelID: Int64, in session: Session) throws -> [String: Int] {
        var slots: [String: Int] = [:]
        for row in try session.query("SELECT slot, name FROM feature_slot WHERE model_id = $1", [.int(modelID)]) {
            slots[try row.get(1, as: String.self)] = Int(try row.get(0, as: Int32.self))
        }
        return slots
    }

    /// Registers `name` under the next slot (the caller holds the model's row lock).
    static func addSlot(_ name: String, to slots: inout [String: Int], modelID: Int64, in session: Session) throws {
        if ControlCharacters.contains(name) {
            throw StoreError(.invalidValue, "feature name \(name.debugDescription) contains a control character")
        }
        let slot = slots.count
        try session.query(
            "INSERT INTO feature_slot (model_id, slot, name) VALUES ($1, $2, $3)",
            [.int(modelID), .int(Int64(slot)), .text(name)])
        slots[name] = slot
    }
}
