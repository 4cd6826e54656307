import DriftTestSupport
import Foundation
import Testing

/// Acknowledged means durable: a server killed with SIGKILL mid-stream loses no acknowledged event and
/// stores none twice.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static let reference = "amount,channel,prediction,label\n" + (0..<200).map { index in
        "\(Double(index % 37) * 1.5),\(["web", "ios", "android"][index % 3]),\(index % 2),\(index % 2)"
    }.joined(separator: "\n") + "\n"

    /// An hour ago, so the 30-day retention keeps the events.
    static let timestamp = Int(Date().timeIntervalSince1970) - 3600

    static func batch(client: Int, number: Int, size: Int) -> (ids: [String], body: Data) {
        let ids = (0..<size).map { "c\(client)-b\(number)-e\($0)" }
        let events = ids.enumerated().map { index, id in
            #"{"id":"\#(id)","timestamp":\#(timestamp),"features":{"amount":\#(Double(index) * 0.75),"channel":"web"},"prediction":1}"#
        }
        return (ids, Data("[\(events.joined(separator: ","))]".utf8))
    }

    /// The engines to run against: a SQLite file always, PostgreSQL when DRIFTWATCH_TEST_POSTGRES is set.
    static var engines: [String] { ["sqlite"] + (ScratchDatabase.serverURL == nil ? [] : ["postgres"]) }

    @Test("kill -9 during concurrent ingestion: every acknowledged event is stored exactly once", arguments: engines)
    func killNineMidStream(engine: String) async throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scratch = engine == "postgres" ? try ScratchDatabase.serverURL.map { try ScratchDatabase(server: $0) } : nil
        defer { withExtendedLifetime(scratch) {} }
        let database = engine == "postgres" ? try #require(scratch).urlText : folder.appendingPathComponent("crash.sqlite").path
        // Both runs log to one file, printed if a start fails.
        let log = folder.appendingPathComponent("server.log")
        let server = try await ServerProcess(databasePath: database, logFile: log)
        let (status, _) = try await server.request(
            "PUT", "/v1/models/crash-test/reference", body: Data(Self.reference.utf8), contentType: "text/csv")
        #expect(status == 201)

        // Four clients post batches until the server dies; each remembers what was acknowledged. The server is
        // killed once `killAfter` batches have been acknowledged (not after a fixed time, which a slow machine
        // can spend before the first acknowledgement), so the kill always lands mid-stream.
        let killAfter = 150
        let tally = AcknowledgedTally()
        let acknowledged = try await withThrowingTaskGroup(of: [Data].self) { group in
            for client in 0..<4 {
                group.addTask {
                    var bodies: [Data] = []
                    for number in 0..<400 {  // bounded: at most 400 batches per client
                        let (_, body) = Self.batch(client: client, number: number, size: 50)
                        guard let (status, _) = try? await server.request("POST", "/v1/models/crash-test/events", body: body)
                        else { break }
                        if status == 202 {
                            bodies.append(body)
                            tally.increment()
                        }
                    }
                    return bodies
                }
            }
            group.addTask {
                // Bounded wait: at most 120 s for the acknowledgements, then kill regardless.
                let deadline = ContinuousClock.now + .seconds(120)
                while tally.count < killAfter && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                server.kill9()
                return []
            }
            var all: [Data] = []
            for try await bodies in group { all += bodies }
            return all
        }
        #expect(acknowledged.count >= killAfter, "the kill came after \(killAfter) acknowledged batches")
        #expect(acknowledged.count < 1_600, "the kill came before the clients finished")

        // Restart on the same file and post every acknowledged batch again: all must be duplicates.
        let restarted = try await ServerProcess(databasePath: database, logFile: log)
        defer { restarted.stop() }
        var duplicates = 0
        var accepted = 0
        for body in acknowledged {
            let (status, data) = try await restarted.request("POST", "/v1/models/crash-test/events", body: body)
            #expect(status == 202)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Int] ?? [:]
            duplicates += object["duplicates"] ?? 0
            accepted += object["accepted"] ?? 0
        }
        #expect(accepted == 0, "an acknowledged event was missing after the crash")
        #expect(duplicates == acknowledged.count * 50)
        let (_, summary) = try await restarted.request("GET", "/v1/models/crash-test")
        let counts = (try JSONSerialization.jsonObject(with: summary) as? [String: Any])?["counts"] as? [String: Int]
        #expect((counts?["events"] ?? 0) >= acknowledged.count * 50)
        print("crash test (\(engine)): \(acknowledged.count) batches (\(acknowledged.count * 50) events) acknowledged before kill -9, "
              + "all present after restart; \(counts?["events"] ?? 0) stored")
    }

    @Test("SIGTERM stops the server gracefully: exit status 0, data kept")
    func gracefulShutdown() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("graceful.sqlite").path
        let server = try await ServerProcess(databasePath: database)
        let (status, _) = try await server.request(
            "PUT", "/v1/models/graceful/reference", body: Data(Self.reference.utf8), contentType: "text/csv")
        #expect(status == 201)
        let (accepted, _) = try await server.request(
            "POST", "/v1/models/graceful/events", body: Self.batch(client: 0, number: 0, size: 10).body)
        #expect(accepted == 202)
        let ending = server.stop()
        #expect(ending.exited && ending.status == 0, "ended with \(ending)")
        let restarted = try await ServerProcess(databasePath: database)
        defer { restarted.stop() }
        let (_, summary) = try await restarted.request("GET", "/v1/models/graceful")
        let counts = (try JSONSerialization.jsonObject(with: summary) as? [String: Any])?["counts"] as? [String: Int]
        #expect(counts?["events"] == 10)
    }
}

/// How many batches the clients have seen acknowledged so far, shared between their tasks.
final class AcknowledgedTally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() { lock.withLock { value += 1 } }

    var count: Int { lock.withLock { value } }
}
