public import DriftCore
import DriftStore

extension PostgresStore: StoragePort {
    public var location: String { url.redacted }

    /// Retention by partition: every day partition that ends at or before `cutoff` is dropped whole
    /// (`DROP TABLE`, no row-by-row delete and no dead tuples to vacuum); the events before `cutoff` in
    /// the day that contains it are deleted as rows. Identities of the deleted events go too (a re-sent old
    /// event would be stored again, as in the SQLite store), then the labels and label changes of ids left without
    /// events, the pending labels and change-log entries received before `cutoff`, and the persisted states of windows
    /// starting before `cutoff`. `chunkSize` is not needed: each step
    /// is one statement that never holds the model rows ingestion locks.
    public func deleteEvents(olderThan cutoff: Int64, chunkSize: Int) throws(StoreError) -> Int {
        guard chunkSize > 0 else { throw StoreError(.invalidValue, "chunk size must be positive") }
        // One replica at a time; the others find nothing left to delete on their next check.
        let outcome = try exclusively("retention") {
            Result { () throws(StoreError) in try deleteExpired(olderThan: cutoff) }
        }
        return try outcome?.get() ?? 0
    }

    private func deleteExpired(olderThan cutoff: Int64) throws(StoreError) -> Int {
        try pool.transaction { session in
            let deleted = try session.affected("DELETE FROM event_identity WHERE ts < $1", [.int(cutoff)])
            let boundary = ChangeLog.floorDivide(cutoff, Self.dayMilliseconds)
            let children = try session.query(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'event'
                """
            ).map { try $0.get(0, as: String.self) }
            var dropped: [Int64] = []
            for name in children {
                guard let day = Self.day(ofPartition: name), day < boundary else { continue }
                try session.execute("DROP TABLE \(name)")
                dropped.append(day)
            }
            try session.query("DELETE FROM event WHERE ts < $1", [.int(cutoff)])
            try session.query(
                """
                DELETE FROM label l WHERE NOT l.pending AND NOT EXISTS
                    (SELECT 1 FROM event_identity i WHERE i.model_id = l.model_id AND i.event_id = l.event_id)
                """)
            // The label changes of ids left without events go with them (the log only serves incremental
            // passes over live windows).
            try session.query(
                """
                DELETE FROM label_change c WHERE NOT EXISTS
                    (SELECT 1 FROM event_identity i WHERE i.model_id = c.model_id AND i.event_id = c.event_id)
                """)
            try session.query("DELETE FROM label WHERE pending AND received_at < $1", [.int(cutoff)])
            try session.query("DELETE FROM change_log WHERE received_at < $1", [.int(cutoff)])
            // A window whose events were deleted (some or all) is rebuilt from what is left.
            try session.query("DELETE FROM window_state WHERE window_start < $1", [.int(cutoff)])
            forgetPartitions(dropped)
            return deleted
        }
    }

    public func checkWritable() throws(StoreError) {
        try pool.withConnection { session in
            try session.execute("BEGIN")
            defer { _ = try? session.execute("ROLLBACK") }
            try session.execute("INSERT INTO health_probe DEFAULT VALUES")
        }
    }

    /// The database's size on the server (`pg_database_size`), 0 when it cannot be read.
    public func fileSizeBytes() -> Int64 {
        (try? pool.withConnection { session in
            try session.query("SELECT pg_database_size(current_database())").first?.get(0, as: Int64.self)
        }).flatMap { $0 } ?? 0
    }

    public func close() throws(StoreError) {
        pool.close()
    }

    /// The day number of a partition named by ``partitionName(day:)``, nil for any other table.
    static func day(ofPartition name: String) -> Int64? {
        if name.hasPrefix("event_dm") { return Int64(name.dropFirst("event_dm".count)).map { -$0 } }
        if name.hasPrefix("event_d") { return Int64(name.dropFirst("event_d".count)) }
        return nil
    }

    private func forgetPartitions(_ days: [Int64]) {
        partitions.withLock { $0.subtract(days) }
    }
}
