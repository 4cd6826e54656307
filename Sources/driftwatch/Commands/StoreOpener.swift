import DriftCore
import DriftPostgres
import DriftStore

/// Opens the engine a `--db` value names: a `postgres://` URL opens the PostgreSQL store, anything else is
/// a SQLite file path.
enum StoreOpener {
    static func open(_ location: String, durability: Durability = .normal) throws(StoreError) -> any StoragePort {
        if PostgresURL.isPostgres(location) {
            return try PostgresStore(url: try PostgresURL(location))
        }
        return try SQLiteStore(path: location, durability: durability)
    }

    /// `location` for messages: a URL without its password.
    static func describe(_ location: String) -> String {
        PostgresURL.isPostgres(location) ? ((try? PostgresURL(location))?.redacted ?? "postgres://…") : location
    }
}
