public import DriftCore
import Foundation
import GRDB

/// The durable store of the ingestion service: one SQLite file in WAL mode, reached through a GRDB
/// `DatabasePool` (one writer, concurrent readers that see committed snapshots).
///
/// Every method is **synchronous** and throwing: it blocks the calling thread until SQLite answers
/// (a write returns only after its transaction has committed with the configured ``Durability``).
/// Writes are serialised by the pool; reads run in parallel with writes and with each other. Call
/// from a thread that may block (not from a tight loop on Swift's cooperative pool, which has one
/// thread per core), or wrap a call in a `Task` that may wait for a few milliseconds.
///
/// Every failure is a ``StoreError``. Times are passed in, in milliseconds since the Unix epoch; the
/// store never reads the clock.
///
/// The methods are grouped by concern in the `SQLiteStore+*.swift` files: references, models,
/// events, labels, windows, retention and health.
public final class SQLiteStore: Sendable {
    /// The path of the database file.
    public let path: String
    /// The durability the store was opened with.
    public let durability: Durability
    let pool: DatabasePool

    /// Opens the database at `path`, creating the file if needed, and brings its schema up to date.
    ///
    /// - Throws: ``StoreError/Code/cannotOpen`` when the file cannot be opened or created,
    ///   ``StoreError/Code/unknownSchemaVersion`` when it was migrated by a newer build.
    public init(path: String, durability: Durability = .normal) throws(StoreError) {
        self.path = path
        self.durability = durability
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "driftwatch.store"
        configuration.prepareDatabase { db in
            // 32 MiB of page cache per connection keeps the id index of a few million events hot.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // After a checkpoint, truncate the WAL back to at most 64 MiB instead of keeping its peak size.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            // Checkpoint the WAL every 10,000 pages (40 MiB) instead of SQLite's 1,000: each checkpoint
            // syncs the database file, and at 1,000 pages one ran every ~20 batches of 500 events,
            // which halved the insert rate (docs/storage.md).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the store at \(path): \(error)")
        }
        try Self.perform {
            // GRDB sets synchronous = NORMAL on the writer when it enables WAL, after prepareDatabase
            // has run, so the durability level is applied here, on the (only) writer connection.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(durability.synchronousPragma)")
                // On Apple platforms fsync does not flush the drive's cache; F_FULLFSYNC does. Ignored
                // elsewhere, where fsync already reaches stable storage.
                try db.execute(sql: "PRAGMA fullfsync = \(durability == .full ? "ON" : "OFF")")
            }
            let migrator = StoreMigrations.migrator
            let superseded = try pool.read { try migrator.hasBeenSuperseded($0) }
            guard !superseded else {
                throw StoreError(
                    .unknownSchemaVersion, "the store at \(path) was written by a newer Driftwatch; upgrade to open it")
            }
            try migrator.migrate(pool)
        }
    }

    /// Closes the database connections, checkpointing the WAL into the main file. Later calls throw
    /// ``StoreError/Code/database``. Dropping the last reference to the store closes it too.
    public func close() throws(StoreError) {
        try Self.perform { try pool.close() }
    }

    /// Runs `body`, turning any error that is not already a ``StoreError`` into one with code
    /// ``StoreError/Code/database``.
    static func perform<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.database, "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error)")")
        } catch {
            throw StoreError(.database, "\(error)")
        }
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE … COMMIT`), committed before returning,
    /// rolled back entirely when `body` throws.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try Self.perform { try pool.write(body) }
    }

    /// Runs `body` on a consistent snapshot of the committed data.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try Self.perform { try pool.read(body) }
    }

    /// The value of `PRAGMA synchronous` on the writer connection (1 = NORMAL, 2 = FULL).
    func synchronousLevel() throws(StoreError) -> Int {
        try Self.perform { try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 } }
    }
}
