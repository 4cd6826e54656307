public import DriftCore
import DriftStats
import Foundation
import GRDB

extension SQLiteStore {
    /// One segment reference encoded for its row.
    struct EncodedSegment {
        var feature: String
        var value: String
        var rowCount: Int
        var profile: Data
        var performanceJSON: String?
    }

    /// Encodes segment references before the write lock is taken.
    static func encodeSegments(_ segments: [ReferenceSegment]) throws(StoreError) -> [EncodedSegment] {
        var encoded: [EncodedSegment] = []
        encoded.reserveCapacity(segments.count)
        for segment in segments {
            let profile = try perform { Data(try ProfileCodec.encode(segment.profile)) }
            let performance = try perform {
                try segment.performance.map { String(decoding: try performanceEncoder.encode($0), as: UTF8.self) }
            }
            encoded.append(
                EncodedSegment(
                    feature: segment.feature, value: segment.value, rowCount: segment.profile.rowCount,
                    profile: profile, performanceJSON: performance))
        }
        return encoded
    }

    /// Inserts the segment references of a new reference version.
    static func insertSegments(_ segments: [EncodedSegment], modelID: Int64, version: Int, in db: Database) throws {
        guard !segments.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO reference_segment (model_id, version, feature, value, row_count, profile, performance_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for segment in segments {
            try statement.execute(arguments: [
                modelID, version, segment.feature, segment.value, segment.rowCount, segment.profile,
                segment.performanceJSON,
            ])
        }
    }

    /// The segment references of `feature` in reference `version` of `model` (empty when it has none).
    public func referenceSegments(model: ModelName, version: Int, feature: String) throws(StoreError)
        -> [ReferenceSegment]
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT value, profile, performance_json FROM reference_segment
                    WHERE model_id = ? AND version = ? AND feature = ? ORDER BY value
                    """,
                arguments: [modelID, version, feature]
            ).map { row in
                let profile = try row.withUnsafeData(atIndex: 1) { data in
                    guard let data else { throw StoreError(.corruptData, "a segment reference has no profile") }
                    return try data.withUnsafeBytes { try ProfileCodec.decode($0) }
                }
                let performance: String? = row[2]
                return ReferenceSegment(
                    feature: feature, value: row[0], profile: profile,
                    performance: try performance.map(Self.decodePerformance))
            }
        }
    }
}
