import DriftCore
@testable import DriftServer
import DriftStats
import DriftStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Our own fuzz suite for the live server: what schemathesis does not generate — numbers at and past the
/// ends of every range, control characters, invalid UTF-8, deep nesting, wrong and duplicated headers,
/// foreign encodings — thrown at every route with every method.
///
/// Each request must be answered (no crash), never with a 5xx, and every error must be a JSON body with a
/// code. A rejected request to a write route must leave the store exactly as it was. The run is bounded:
/// a fixed number of requests from a seeded generator (reproducible), and a time budget.
@Suite("Hostile input fuzzing of the live server", .serialized)
struct HostileInputFuzzTests {
    /// Requests per seed; `DRIFTWATCH_FUZZ_REQUESTS` raises it for a longer run.
    static let requests = Int(ProcessInfo.processInfo.environment["DRIFTWATCH_FUZZ_REQUESTS"] ?? "") ?? 1_500
    static let timeBudget: Duration = .seconds(120)

    @Test("no crash, no 5xx, JSON errors, and nothing stored by a rejected request", arguments: [1, 2] as [UInt64])
    func hostileRequests(seed: UInt64) async throws {
        try await withLiveServer(configure: { $0.limits.maxBodyBytes = 256 * 1024 }, now: fixedNow) { client, store in
            try await client.uploadReference("fraud")
            #expect(try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("seed-event"))]").status == .accepted)
            var random = SplitMix64(seed: seed)
            var generator = HostileRequestGenerator()
            let clock = ContinuousClock()
            let deadline = clock.now + Self.timeBudget
            var tally: [Int: Int] = [:]
            for round in 0..<Self.requests where clock.now < deadline {
                let request = generator.next(&random)
                let before = try StoreSnapshot(store)
                let response: TestResponse
                do {
                    response = try await client.execute(
                        uri: request.uri, method: request.method, headers: request.headers,
                        body: ByteBuffer(bytes: request.body))
                } catch {
                    Issue.record("round \(round): \(request.method) \(request.uri.prefix(200)) \(request.headers): \(error)")
                    return
                }
                let status = Int(response.status.code)
                tally[status, default: 0] += 1
                let label = "round \(round) seed \(seed): \(request.method) \(request.uri.prefix(120)) → \(status)"
                #expect(status < 500, "\(label): \(String(buffer: response.body).prefix(300))")
                if status >= 400 {
                    let error = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
                    let code = (error?["error"] as? [String: Any])?["code"] as? String
                    #expect(code?.isEmpty == false, "\(label): the error body is not JSON with a code")
                    if request.writes {
                        #expect(try StoreSnapshot(store) == before, "\(label): a rejected request changed the store")
                    }
                }
            }
            print("hostile fuzz seed \(seed): statuses \(tally.sorted { $0.key < $1.key })")
            #expect(tally.keys.contains { $0 >= 400 }, "the generator must produce rejected requests")
            #expect(tally.keys.contains { $0 < 300 }, "and some accepted ones")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test("malformed HTTP on the wire is refused without taking the server down")
    func malformedWire() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            let port = try #require(client.port)
            let garbage = [
                "GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n", "GET /healthz HTTP/1.1\r\nNoColonHeader\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + String(repeating: "x", count: 200_000) + "\r\n\r\n",
                "POST /v1/models/fraud/events HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n",
                "POST /v1/models/fraud/events HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n[]",
                "POST /v1/models/fraud/events HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
                "\u{0}\u{1}\u{2}\r\n\r\n", "GET /%00%ff%fe HTTP/1.1\r\nHost: localhost\r\n\r\n",
            ]
            for request in garbage {
                let response = try await RawConnection.blocking { () -> RawResponse? in
                    let connection = try RawConnection(port: port, readTimeout: 5)
                    connection.send(request)
                    return connection.readResponse()
                }
                if let response { #expect(response.status < 500, "\(request.prefix(60).debugDescription) → \(response.status)") }
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }
}

/// What the store holds, compared before and after a rejected request.
struct StoreSnapshot: Equatable {
    var models: [String]
    var counts: [Int]

    init(_ store: SQLiteStore) throws {
        let records = try store.models()
        models = records.map { "\($0.name):\($0.referenceVersion):\($0.unexpectedFeatures.count)" }
        counts = records.flatMap { [$0.eventCount, $0.matchedLabelCount, $0.unmatchedLabelCount] }
    }
}
