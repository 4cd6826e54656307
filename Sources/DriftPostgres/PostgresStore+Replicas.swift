public import DriftCore

/// What lets several `driftwatch serve` processes share one database (README, "Running replicas").
extension PostgresStore {
    /// Runs `body` while holding the session advisory lock of `key` on a connection of its own, or returns
    /// nil at once when another session holds it. PostgreSQL releases the lock when the session ends, so
    /// a replica killed mid-pass leaves its models to the next replica's pass.
    public func exclusively<T>(_ key: String, _ body: () -> T) throws(StoreError) -> T? {
        try pool.withConnection { session in
            let acquired = try session.query(
                "SELECT pg_try_advisory_lock(\(Self.workLockClass), hashtext($1))", [.text(key)]
            ).first?.get(0, as: Bool.self) ?? false
            guard acquired else { return nil }
            defer { _ = try? session.query("SELECT pg_advisory_unlock(\(Self.workLockClass), hashtext($1))", [.text(key)]) }
            return body()
        }
    }

    /// The due rows, claimed: `FOR UPDATE SKIP LOCKED` lets two replicas claim at once without waiting for
    /// each other or taking the same row, and the claim moves each row's next attempt past the lease, so
    /// the other replicas do not see it as due until the lease runs out (the sender records an outcome
    /// long before). The rows are returned as they were before the claim.
    public func claimDueOutbox(now: Int64, limit: Int, leaseMilliseconds: Int64) throws(StoreError) -> [OutboxRecord] {
        let claimed = try pool.transaction { session in
            try session.query(
                """
                UPDATE outbox SET next_attempt_at = $3 FROM (
                    SELECT id, next_attempt_at AS due FROM outbox
                    WHERE delivery_state = 'pending' AND next_attempt_at <= $1 AND \(Self.headOfGroup)
                    ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) AS picked
                WHERE outbox.id = picked.id RETURNING outbox.id, picked.due
                """, [.int(now), .int(Int64(max(0, limit))), .int(now + max(leaseMilliseconds, 1))]
            ).map { (try $0.get(0, as: Int64.self), try $0.get(1, as: Int64.self)) }
        }
        guard !claimed.isEmpty else { return [] }
        let due = Dictionary(claimed, uniquingKeysWith: { first, _ in first })
        return try outboxEntries(ids: claimed.map(\.0)).map { row in
            var row = row
            row.nextAttemptAt = due[row.id] ?? row.nextAttemptAt
            return row
        }.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    /// Advisory lock class of the per-key work claims (the second key is the key's hash).
    static let workLockClass: Int32 = 0x4457
}
