/// How hard the store works to keep a committed transaction across failures.
///
/// Both levels run SQLite in WAL mode. They differ only in when SQLite calls `fsync`.
public enum Durability: String, Sendable, Codable, CaseIterable {
    /// WAL with `synchronous = NORMAL`: a committed transaction survives a crash or `kill -9` of the
    /// process (it is in the WAL file, which the OS holds), but the last transactions before a power
    /// loss or kernel panic may be lost. The database is never corrupted either way.
    case normal
    /// WAL with `synchronous = FULL`: the WAL is synced on every commit, so a committed transaction
    /// survives power loss too, at the cost of one `fsync` per transaction.
    case full

    /// The value of SQLite's `PRAGMA synchronous` for this level.
    var synchronousPragma: String {
        switch self {
        case .normal: "NORMAL"
        case .full: "FULL"
        }
    }
}
