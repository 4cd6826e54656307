public import DriftCore
import Foundation
import GRDB

extension SQLiteStore {
    /// Whether the store can take a write now, for `/healthz`: see ``checkWritable()``.
    public func isWritable() -> Bool {
        (try? checkWritable()) != nil
    }

    /// Takes the write lock, writes a row and rolls back. Nothing reaches the file, but a read-only
    /// file or directory, a lock held past the busy timeout, or a closed store all fail here.
    ///
    /// - Throws: ``StoreError/Code/database`` with SQLite's reason.
    public func checkWritable() throws(StoreError) {
        try Self.perform {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO health_probe DEFAULT VALUES")
                    return .rollback
                }
            }
        }
    }

    /// Bytes on disk: the database file plus its write-ahead log, for `/metrics`.
    public func fileSizeBytes() -> Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
    }
}
