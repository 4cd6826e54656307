import Dispatch
public import DriftCore
import Foundation
import GRDB

/// The store as the HTTP layer's ``ModelStore`` port.
///
/// Each requirement runs the synchronous method of the same job on a dispatch queue and resumes the
/// caller when SQLite has answered, so a request handler never blocks a thread of Swift's cooperative
/// pool while it waits for the write lock or an `fsync`.
extension SQLiteStore: StoragePort {
    public var location: String { path }
    /// The database file's folder: a full pass's spilled columns (DriftEvaluation's `ColumnSpill`) take
    /// room on the volume sized for the events, not in a small temporary folder.
    public var scratchDirectory: String? {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    public func versionOutcomes(
        model: ModelName, a: String, b: String, from: Int64, to: Int64
    ) async throws -> VersionOutcomes? {
        try await offload { try self.versionOutcomes(model: model, a: a, b: b, from: from, to: to) }
    }

    public func saveReference(
        model: ModelName, prepared: ReferenceBuilder.Prepared, contentSHA256: String?, at milliseconds: Int64
    ) async throws -> (version: Int, created: Bool) {
        try await offload {
            try self.saveReference(
                model: model, schema: prepared.schema, profile: prepared.profile, rowCount: prepared.profile.rowCount,
                at: milliseconds, performance: prepared.performance(), contentSHA256: contentSHA256,
                segments: prepared.segments)
        }
    }

    public func currentSchema(model: ModelName) async throws -> (version: Int, schema: ModelSchema)? {
        try await offload { try self.latestSchema(model: model) }
    }

    public func insertEvents(
        model: ModelName, events: [Event], receivedAt: Int64, unexpectedFeatures: [String: Int]
    ) async throws -> (accepted: Int, duplicates: Int) {
        let result: EventInsertResult = try await offload {
            try self.insertEvents(
                model: model, events: events, receivedAt: receivedAt, unexpectedFeatures: unexpectedFeatures)
        }
        return (result.accepted, result.duplicates)
    }

    public func insertLabels(
        model: ModelName, labels: [LabelRecord], receivedAt: Int64, maxPendingLabels: Int
    ) async throws -> (matched: Int, unmatched: Int) {
        let result: LabelInsertResult = try await offload {
            try self.insertLabels(
                model: model, labels: labels, receivedAt: receivedAt, maxPendingLabels: maxPendingLabels)
        }
        return (result.matched, result.unmatched)
    }

    public func modelSummaries() async throws -> [ModelSummary] {
        try await offload { try self.models().map(Self.summary) }
    }

    public func modelSummaries(after: String?, limit: Int) async throws -> [ModelSummary] {
        try await offload { try self.models(after: after, limit: limit).map(Self.summary) }
    }

    public func expirePendingLabels(receivedBefore milliseconds: Int64) async throws -> Int {
        try await offload { try self.expirePendingLabels(receivedBefore: milliseconds) }
    }

    public func modelSummary(_ model: ModelName) async throws -> ModelSummary? {
        try await offload { try self.model(named: model).map(Self.summary) }
    }

    public func estimationAvailability(_ model: ModelName) async throws -> EstimationAvailability? {
        try await offload {
            try self.latestReference(model: model).map { reference in
                EstimationAvailability(
                    schema: reference.schema, calibration: reference.profile.calibration,
                    performance: reference.performance)
            }
        }
    }

    public func isWritable() async -> Bool {
        (try? await offload { try self.checkWritable() }) != nil
    }

    public func sizeBytes() -> Int64 {
        fileSizeBytes()
    }

    public func deleteEvents(olderThan milliseconds: Int64) async throws -> Int {
        try await offload { try self.deleteEvents(olderThan: milliseconds, chunkSize: Self.retentionChunk) }
    }

    /// Rows per retention transaction.
    static let retentionChunk = 10_000

    /// The schema and version of the model's latest reference, without loading its profile.
    public func latestSchema(model: ModelName) throws(StoreError) -> (version: Int, schema: ModelSchema)? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT r.version, r.schema_json FROM model m
                        JOIN reference r ON r.model_id = m.id AND r.version = m.latest_version WHERE m.name = ?
                        """,
                    arguments: [model.rawValue])
            else { return nil }
            return (row[0], try Self.decodeSchema(row[1]))
        }
    }

    private static func summary(_ record: ModelRecord) -> ModelSummary {
        ModelSummary(
            name: record.name.rawValue, task: record.schema.task, positiveLabel: record.schema.positiveLabel,
            schema: Dictionary(
                record.schema.features.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first }),
            reference: ModelSummary.Reference(
                version: record.referenceVersion, rows: record.referenceRowCount,
                createdAt: RFC3339.string(milliseconds: record.createdAt),
                sha256: record.referenceSHA256),
            counts: ModelSummary.Counts(
                events: record.eventCount, labels: record.labelCount, labelsMatched: record.matchedLabelCount,
                labelsUnmatched: record.unmatchedLabelCount),
            unexpectedFeatures: record.unexpectedFeatures, unexpectedFeaturesOmitted: record.unexpectedFeaturesOmitted)
    }

    /// The queue the async requirements wait on; concurrent, since reads run in parallel (GRDB
    /// serialises the writes).
    private static let queue = DispatchQueue(label: "driftwatch.store", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` on ``queue`` and resumes with its result.
    private func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}

extension SQLiteStore {
    /// One process owns a SQLite file, so nothing else can hold `key`: `body` always runs.
    public func exclusively<T>(_ key: String, _ body: () -> T) throws(StoreError) -> T? {
        body()
    }

    /// The due rows: the one delivery service of the process runs one pass at a time, so no lease is needed.
    public func claimDueOutbox(now: Int64, limit: Int, leaseMilliseconds: Int64) throws(StoreError) -> [OutboxRecord] {
        try dueOutbox(now: now, limit: limit)
    }
}
