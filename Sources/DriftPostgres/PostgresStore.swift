public import DriftCore
import DriftStats
import Logging

/// The store on PostgreSQL: the same ``StoragePort`` as the SQLite store, through a pool of PostgresNIO
/// connections. Every write is one transaction and a method returns after its `COMMIT`, so a `202` means
/// the batch is durable on the server (with PostgreSQL's default `synchronous_commit = on`).
///
/// Like the SQLite store, the methods are synchronous and block the calling thread (see
/// ``ConnectionPool`` for why that never waits on Swift's cooperative pool). The layout — events
/// partitioned by day, duplicates answered by a separate identity table, labels keyed by request id — is
/// described in ``PostgresMigrations`` and docs/storage.md.
public final class PostgresStore: Sendable {
    /// The server and database, without the password.
    public let url: PostgresURL
    let pool: ConnectionPool
    /// The day partitions known to exist (UTC day numbers).
    let partitions = Locked<Set<Int64>>([])

    /// Connects to `url` and brings the schema up to date.
    /// - Parameter connections: the most connections the store opens.
    /// - Throws: ``StoreError/Code/cannotOpen`` when the server cannot be reached or refuses the login.
    public init(url: PostgresURL, connections: Int = 8) throws(StoreError) {
        self.url = url
        var logger = Logger(label: "driftwatch.postgres")
        logger.logLevel = .warning
        pool = ConnectionPool(url: url, size: max(connections, 1), logger: logger)
        try migrate()
    }

    /// Runs the migrations not yet recorded, under a session advisory lock.
    private func migrate() throws(StoreError) {
        try pool.withConnection { session in
            try session.execute("SELECT pg_advisory_lock(\(Self.migrationLock))")
            defer { _ = try? session.execute("SELECT pg_advisory_unlock(\(Self.migrationLock))") }
            try session.execute(
                "CREATE TABLE IF NOT EXISTS driftwatch_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = Set(try session.query("SELECT name FROM driftwatch_migrations").map { try $0.get(0, as: String.self) })
            let known = Set(PostgresMigrations.all.map(\.name))
            if let unknown = applied.subtracting(known).first {
                throw StoreError(
                    .unknownSchemaVersion,
                    "the database \(url.redacted) was migrated by a newer Driftwatch (\(unknown)); upgrade to open it")
            }
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                try session.execute("BEGIN")
                do {
                    // The extended protocol runs one statement at a time.
                    for statement in migration.sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                        try session.execute(String(statement))
                    }
                    try session.query("INSERT INTO driftwatch_migrations (name) VALUES ($1)", [.text(migration.name)])
                    try session.execute("COMMIT")
                } catch {
                    try? session.execute("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// Advisory lock keys (the first of a two-key pair names the purpose).
    static let migrationLock: Int64 = 0x4452_4946_5400_0001
    static let partitionLock: Int64 = 0x4452_4946_5400_0002

    /// The id of `model`, locking its row until the transaction ends (serialising the model's writes, so
    /// change-log sequence numbers commit in order).
    static func lockModel(_ model: ModelName, in session: Session) throws -> Int64 {
        guard
            let row = try session.query("SELECT id FROM model WHERE name = $1 FOR UPDATE", [.text(model.rawValue)]).first
        else { throw StoreError(.unknownModel, "model '\(model)' has no reference; upload one first") }
        return try row.get(0, as: Int64.self)
    }

    /// The id of `model`, or nil.
    static func modelID(_ model: ModelName, in session: Session) throws -> Int64? {
        try session.query("SELECT id FROM model WHERE name = $1", [.text(model.rawValue)]).first?.get(0, as: Int64.self)
    }

    /// Records the minutes of event time a transaction touched.
    static func recordChanges(_ minutes: Set<Int64>, modelID: Int64, receivedAt: Int64, in session: Session) throws {
        guard !minutes.isEmpty else { return }
        try session.query(
            "INSERT INTO change_log (model_id, received_at, minute) SELECT $1, $2, m FROM unnest($3::bigint[]) AS m ORDER BY m",
            [.int(modelID), .int(receivedAt), .ints(minutes.sorted())])
    }
}
