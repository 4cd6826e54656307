public import DriftCore
public import DriftStats
package import Foundation
import GRDB

extension SQLiteStore {
    /// Saves a new reference version for `model`, creating the model on its first reference.
    ///
    /// Earlier versions stay stored (windows evaluated against them keep their meaning); the new one
    /// becomes the model's latest, and its schema the model's schema.
    ///
    /// - Parameters:
    ///   - at: the upload time, in milliseconds since the Unix epoch.
    ///   - performance: the reference's own performance metrics (the windows' baseline), if it has labels.
    /// - Returns: the new version: 1 for the first reference, then 2, 3, …
    @discardableResult
    public func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics? = nil
    ) throws(StoreError) -> Int {
        try saveReference(
            model: model, schema: schema, profile: profile, rowCount: rowCount, at: createdAt, performance: performance,
            contentSHA256: nil
        ).version
    }

    /// Saves a reference without segment references (see the variant with `segments`).
    @discardableResult
    public func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics?, contentSHA256: String?
    ) throws(StoreError) -> (version: Int, created: Bool) {
        try saveReference(
            model: model, schema: schema, profile: profile, rowCount: rowCount, at: createdAt, performance: performance,
            contentSHA256: contentSHA256, segments: [])
    }

    /// Saves a reference like ``saveReference(model:schema:profile:rowCount:at:performance:)``, unless the
    /// model's latest version was made from the same bytes (`contentSHA256`, hex): then nothing is written
    /// and that version is answered with `created == false`, so a retried upload is idempotent.
    public func saveReference(
        model: ModelName, schema: ModelSchema, profile: ReferenceProfile, rowCount: Int, at createdAt: Int64,
        performance: PerformanceMetrics?, contentSHA256: String?, segments: [ReferenceSegment]
    ) throws(StoreError) -> (version: Int, created: Bool) {
        guard rowCount >= 0 else { throw StoreError(.invalidValue, "a reference cannot have \(rowCount) rows") }
        // Encode before taking the write lock: a 1M-row profile takes milliseconds, not zero.
        let schemaJSON = try Self.perform { String(decoding: try Self.schemaEncoder.encode(schema), as: UTF8.self) }
        let performanceJSON = try Self.perform {
            try performance.map { String(decoding: try Self.performanceEncoder.encode($0), as: UTF8.self) }
        }
        let blob = try Self.perform { try ProfileCodec.encode(profile) }
        let segmentRows = try Self.encodeSegments(segments)
        return try write { db in
            let modelID: Int64
            if let existing = try ModelRow.id(of: model, in: db) {
                modelID = existing
            } else {
                try db.execute(
                    sql: "INSERT INTO model (name, created_at) VALUES (?, ?)", arguments: [model.rawValue, createdAt])
                modelID = db.lastInsertedRowID
            }
            if let contentSHA256,
                let latest = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT r.version, r.content_sha256 FROM model m
                        JOIN reference r ON r.model_id = m.id AND r.version = m.latest_version WHERE m.id = ?
                        """,
                    arguments: [modelID]),
                latest[1] as String? == contentSHA256
            {
                return (latest[0] as Int, false)
            }
            let version =
                try Int.fetchOne(db, sql: "SELECT latest_version + 1 FROM model WHERE id = ?", arguments: [modelID])
                ?? 1
            try db.execute(
                sql: """
                    INSERT INTO reference
                        (model_id, version, schema_json, profile, row_count, created_at, performance_json,
                         content_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [modelID, version, schemaJSON, Data(blob), rowCount, createdAt, performanceJSON, contentSHA256])
            try db.execute(sql: "UPDATE model SET latest_version = ? WHERE id = ?", arguments: [version, modelID])
            try Self.insertSegments(segmentRows, modelID: modelID, version: version, in: db)
            var slots = try FeatureSlots(modelID: modelID, in: db)
            for feature in schema.features {
                _ = try slots.slot(for: feature.name, force: true, in: db)
            }
            return (version, true)
        }
    }

    /// The given reference version of `model`, or nil when the model or the version does not exist.
    public func reference(model: ModelName, version: Int) throws(StoreError) -> StoredReference? {
        try read { db in
            try Self.fetchReference(
                db,
                sql: """
                    SELECT r.version, r.schema_json, r.profile, r.row_count, r.created_at, r.performance_json
                    FROM reference r JOIN model m ON m.id = r.model_id WHERE m.name = ? AND r.version = ?
                    """,
                arguments: [model.rawValue, version])
        }
    }

    /// The latest reference of `model`, or nil when the model does not exist.
    public func latestReference(model: ModelName) throws(StoreError) -> StoredReference? {
        try read { db in
            try Self.fetchReference(
                db,
                sql: """
                    SELECT r.version, r.schema_json, r.profile, r.row_count, r.created_at, r.performance_json
                    FROM reference r JOIN model m ON m.id = r.model_id AND r.version = m.latest_version
                    WHERE m.name = ?
                    """,
                arguments: [model.rawValue])
        }
    }

    /// The versions of `model`'s references, ascending (empty when the model does not exist).
    public func referenceVersions(model: ModelName) throws(StoreError) -> [Int] {
        try read { db in
            try Int.fetchAll(
                db,
                sql: """
                    SELECT r.version FROM reference r JOIN model m ON m.id = r.model_id
                    WHERE m.name = ? ORDER BY r.version
                    """,
                arguments: [model.rawValue])
        }
    }

    /// The schema of a model's latest reference, or of the given version.
    func schema(modelID: Int64, version: Int?, in db: Database) throws -> ModelSchema {
        let json: String?
        if let version {
            json = try String.fetchOne(
                db, sql: "SELECT schema_json FROM reference WHERE model_id = ? AND version = ?",
                arguments: [modelID, version])
        } else {
            json = try String.fetchOne(
                db,
                sql: """
                    SELECT r.schema_json FROM reference r JOIN model m ON m.id = r.model_id
                    AND r.version = m.latest_version WHERE m.id = ?
                    """,
                arguments: [modelID])
        }
        guard let json else {
            throw StoreError(.unknownReferenceVersion, "no reference version \(version.map(String.init) ?? "latest")")
        }
        return try Self.decodeSchema(json)
    }

    package static func decodeSchema(_ json: String) throws -> ModelSchema {
        do {
            return try JSONDecoder().decode(ModelSchema.self, from: Data(json.utf8))
        } catch {
            throw StoreError(.corruptData, "a stored schema does not decode: \(error)")
        }
    }

    private static func fetchReference(
        _ db: Database, sql: String, arguments: StatementArguments
    ) throws -> StoredReference? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        let profile = try row.withUnsafeData(atIndex: 2) { data in
            guard let data else { throw StoreError(.corruptData, "a reference has no profile") }
            return try data.withUnsafeBytes { try ProfileCodec.decode($0) }
        }
        let performanceJSON: String? = row[5]
        return StoredReference(
            version: row[0], schema: try decodeSchema(row[1]), profile: profile,
            rowCount: row[3], createdAt: row[4], performance: try performanceJSON.map(decodePerformance))
    }

    package static func decodePerformance(_ json: String) throws -> PerformanceMetrics {
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: nonFiniteNumbers.positiveInfinity, negativeInfinity: nonFiniteNumbers.negativeInfinity,
                nan: nonFiniteNumbers.nan)
            return try decoder.decode(PerformanceMetrics.self, from: Data(json.utf8))
        } catch {
            throw StoreError(.corruptData, "a stored reference performance does not decode: \(error)")
        }
    }

    package static var schemaEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    /// Metrics over extreme values can overflow (an RMSE of ∞); JSON has no word for that, so such a
    /// value is written as one of these strings rather than failing the reference upload.
    private static let nonFiniteNumbers = (positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    package static var performanceEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFiniteNumbers.positiveInfinity, negativeInfinity: nonFiniteNumbers.negativeInfinity,
            nan: nonFiniteNumbers.nan)
        return encoder
    }
}
