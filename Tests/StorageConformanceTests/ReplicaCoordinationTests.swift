import DriftCore
import DriftPostgres
import DriftTestSupport
import Testing

/// Two stores on one PostgreSQL database, as two replicas see it: work claims and outbox claims exclude
/// each other, and a claim ends with its holder.
@Suite("Replica coordination on PostgreSQL", .enabled(if: ScratchDatabase.serverURL != nil))
struct ReplicaCoordinationTests {
    @Test("a work key held by one replica is skipped by the other, and free again once released")
    func exclusiveWork() throws {
        let database = try ScratchDatabase(server: try #require(ScratchDatabase.serverURL))
        let first = try PostgresStore(url: database.url, connections: 2)
        let second = try PostgresStore(url: database.url, connections: 2)
        let inside: String?? = try first.exclusively("evaluate:fraud") { () -> String? in
            do { return try second.exclusively("evaluate:fraud") { "second ran" } } catch { return "\(error)" }
        }
        #expect(inside == .some(.none), "the second replica must not run while the first holds the key")
        #expect(try second.exclusively("evaluate:other") { "other key" } == "other key")
        #expect(try second.exclusively("evaluate:fraud") { "after release" } == "after release")
        try first.close()
        try second.close()
    }

    @Test("an outbox row claimed by one replica is not due for the other until the lease runs out")
    func outboxClaims() throws {
        let database = try ScratchDatabase(server: try #require(ScratchDatabase.serverURL))
        let first = try PostgresStore(url: database.url, connections: 2)
        let second = try PostgresStore(url: database.url, connections: 2)
        let t0 = Sample.t0
        try first.commitAlerts(
            AlertCommit(notifications: [
                AlertConformanceTests.note("n1", group: "g1", enqueuedAt: t0),
                AlertConformanceTests.note("n2", group: "g2", enqueuedAt: t0),
            ]))
        let claimedByFirst = try first.claimDueOutbox(now: t0, limit: 1, leaseMilliseconds: 1_000)
        let claimedBySecond = try second.claimDueOutbox(now: t0, limit: 10, leaseMilliseconds: 1_000)
        #expect(claimedByFirst.count == 1 && claimedBySecond.count == 1)
        #expect(Set((claimedByFirst + claimedBySecond).map(\.webhookID)) == ["n1", "n2"])
        #expect(claimedByFirst.first?.nextAttemptAt == t0, "rows come back as they were due")
        #expect(try second.claimDueOutbox(now: t0 + 999, limit: 10, leaseMilliseconds: 1_000).isEmpty)
        // The first replica died without an outcome: after the lease the row is due again, same webhook-id.
        let takenOver = try second.claimDueOutbox(now: t0 + 1_000, limit: 10, leaseMilliseconds: 1_000)
        #expect(takenOver.map(\.webhookID).sorted() == ["n1", "n2"])
        try first.close()
        try second.close()
    }
}
