import DriftCore
@testable import DriftServer
import DriftTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What reaches the server below the HTTP client libraries: foreign `Host` headers (DNS rebinding),
/// idle and slow connections, chunked bodies over the limit.
@Suite("Hardening: connections")
struct ConnectionHardeningTests {
    /// One raw request to the live server; the response read off the socket.
    private func exchange(_ port: Int, _ request: String) async throws -> RawResponse? {
        try await RawConnection.blocking {
            let connection = try RawConnection(port: port)
            connection.send(request)
            return connection.readResponse()
        }
    }

    @Test("without tokens, only loopback names and the external URL's host are served (421 JSON otherwise)")
    func hostCheck() async throws {
        try await withLiveServer(configure: { $0.externalURL = "https://drift.example.com/base" }) { client, _ in
            let port = try #require(client.port)
            for host in ["localhost:\(port)", "127.0.0.1:\(port)", "127.1.2.3", "[::1]:\(port)", "drift.example.com", "LOCALHOST"] {
                let response = try await exchange(port, "GET /v1/models HTTP/1.1\r\nHost: \(host)\r\n\r\n")
                #expect(response?.status == 200, "\(host)")
            }
            for host in ["evil.example", "127.evil.example:\(port)", "127.0.0.1.nip.io", "localhost.evil.example", "0.0.0.0", "[::2]"] {
                let response = try await exchange(port, "GET /v1/models HTTP/1.1\r\nHost: \(host)\r\n\r\n")
                #expect(response?.status == 421, "\(host)")
                #expect(response?.errorCode == "host_not_allowed")
                let post = try await exchange(
                    port,
                    "POST /v1/models/fraud/events HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]")
                #expect(post?.status == 421, "\(host)")
            }
            // Health is exempt: orchestrators probe it by address.
            let health = try await exchange(port, "GET /healthz HTTP/1.1\r\nHost: 10.1.2.3:8080\r\n\r\n")
            #expect(health?.status == 200)
        }
    }

    @Test("with tokens, any Host is served (the token is the check)")
    func hostCheckOffWithTokens() async throws {
        let token = Authenticator.makeToken()
        try await withLiveServer(configure: {
            $0.tokens = [TokenConfiguration(name: "t", sha256: token.sha256, scopes: [.read])]
        }) { client, _ in
            let port = try #require(client.port)
            let response = try await exchange(
                port, "GET /v1/models HTTP/1.1\r\nHost: drift.internal\r\nAuthorization: Bearer \(token.token)\r\n\r\n")
            #expect(response?.status == 200)
        }
    }

    @Test("loopback is parsed, not matched by prefix; exposure beyond loopback without tokens is refused or warned")
    func loopbackParsing() throws {
        for host in ["127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "0:0:0:0:0:0:0:1"] {
            #expect(LoopbackAddress.isLoopback(host), "\(host)")
        }
        for host in ["127.evil.example", "127.0.0.1.nip.io", "0.0.0.0", "::", "128.0.0.1", "10.0.0.1", "localhost.evil", ""] {
            #expect(!LoopbackAddress.isLoopback(host), "\(host)")
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.evil.example"
        #expect(!configuration.bindsLoopbackOnly)
        #expect(throws: ConfigurationError.self) { try checkExposure(configuration) }
        configuration.host = "0.0.0.0"
        configuration.allowUnauthenticated = true
        #expect(try { try checkExposure(configuration); return true }())
        #expect(configuration.exposureWarning?.contains("WITHOUT AUTHENTICATION") == true)
        configuration.host = "127.0.0.1"
        #expect(configuration.exposureWarning == nil)
    }

    @Test("idle connections are closed after server.idle_timeout; /healthz answers beyond the old 1,024-socket limit")
    func idleTimeout() async throws {
        try await withLiveServer(configure: { $0.idleTimeoutMilliseconds = 300 }) { client, _ in
            let port = try #require(client.port)
            let closed = try await RawConnection.blocking {
                let idle = try RawConnection(port: port)
                return idle.closesWithin(seconds: 5)
            }
            #expect(closed, "an idle connection is closed")
            // After a response, a kept-alive connection that stays silent is closed too.
            let closedAfterResponse = try await RawConnection.blocking {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                guard connection.readResponse()?.status == 200 else { return false }
                return connection.closesWithin(seconds: 5)
            }
            #expect(closedAfterResponse)
        }
    }

    @Test("a request head trickled byte by byte is cut at server.request_head_timeout")
    func slowHead() async throws {
        try await withLiveServer(configure: {
            $0.requestHeadTimeoutMilliseconds = 500
            $0.idleTimeoutMilliseconds = 60_000
        }) { client, _ in
            let port = try #require(client.port)
            let (closed, elapsed) = try await RawConnection.blocking { () -> (Bool, Double) in
                let connection = try RawConnection(port: port)
                let start = Date()
                let head = Array("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + String(repeating: "a", count: 200))
                for character in head {
                    // One byte every 50 ms keeps the idle timer from firing; only the head deadline can end it.
                    guard connection.send(String(character)) else { return (true, Date().timeIntervalSince(start)) }
                    Thread.sleep(forTimeInterval: 0.05)
                    if Date().timeIntervalSince(start) > 5 { break }
                }
                return (connection.closesWithin(seconds: 1), Date().timeIntervalSince(start))
            }
            #expect(closed)
            #expect(elapsed < 5, "closed after \(elapsed) s")
        }
    }

    @Test("a chunked body over the limit is a JSON 413, and nothing is stored")
    func chunkedOverLimit() async throws {
        try await withLiveServer(configure: { $0.limits.maxBodyBytes = 4_096 }, now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let port = try #require(client.port)
            let events = "[" + (0..<100).map { eventJSON("c\($0)") }.joined(separator: ",") + "]"
            #expect(events.utf8.count > 4_096)
            var request = "POST /v1/models/fraud/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            request += "Transfer-Encoding: chunked\r\n\r\n"
            var rest = Substring(events)
            while !rest.isEmpty {
                let chunk = rest.prefix(1_000)
                rest = rest.dropFirst(chunk.count)
                request += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n"
            }
            request += "0\r\n\r\n"
            let response = try await exchange(port, request)
            #expect(response?.status == 413)
            #expect(response?.errorCode == "body_too_large")
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            #expect((model["counts"] as? [String: Int])?["events"] == 0)
        }
    }
}
