import DriftCore
@testable import DriftServer
import DriftStore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Inputs that used to kill the process or answer an empty 500: query numbers out of range, unknown
/// routes, a store that fails a write. Each answer is a JSON error with a code, and the server lives on.
@Suite("Hardening: queries and errors")
struct QueryAndErrorTests {
    @Test(
        "window queries out of range are 400 JSON, and the server keeps answering",
        arguments: [
            "from=9.3e15", "to=-9.3e15", "from=0x1p70", "from=1e400", "to=nan", "from=inf", "from=99999999999999999999",
            "from=-1", "from=2026-13-01T00:00:00Z", "from=10000-01-01T00:00:00Z", "to=%00", "from=1.5.5",
        ])
    func windowQueryRanges(query: String) async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let response = try await client.execute(uri: "/v1/models/fraud/windows?\(query)", method: .get)
            #expect(response.status == .badRequest)
            let error = try #require(try jsonObject(response)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_query")
            #expect((error["message"] as? String)?.contains(query.hasPrefix("from") ? "'from'" : "'to'") == true)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }

    @Test("window queries in range still work: RFC 3339 and Unix seconds")
    func windowQueriesInRange() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            for query in ["from=2026-01-05T00:00:00Z", "from=1767571200", "from=1767571200.5&to=1767657600", ""] {
                let response = try await client.execute(uri: "/v1/models/fraud/windows?\(query)", method: .get)
                #expect(response.status == .ok, "\(query)")
            }
        }
    }

    @Test("GET /v1/models pages by name with a cursor; bad limits are 400")
    func modelPages() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            let names = ["m-e", "m-a", "m-d", "m-b", "m-c"]
            for name in names { try await client.uploadReference(name) }
            var seen: [String] = []
            var after: String?
            var pages = 0
            repeat {
                let uri = "/v1/models?limit=2" + (after.map { "&after=\($0)" } ?? "")
                let body = try jsonObject(try await client.execute(uri: uri, method: .get))
                let models = try #require(body["models"] as? [[String: Any]])
                #expect(models.count <= 2)
                seen += models.compactMap { $0["name"] as? String }
                after = body["next"] as? String
                pages += 1
            } while after != nil && pages < 10
            #expect(seen == names.sorted())
            #expect(pages == 3)
            let all = try jsonObject(try await client.execute(uri: "/v1/models", method: .get))
            #expect((all["models"] as? [Any])?.count == 5)
            #expect(all["next"] is NSNull)
            for bad in ["limit=0", "limit=-1", "limit=1001", "limit=9.3e15", "limit=99999999999999999999999", "limit=x"] {
                let response = try await client.execute(uri: "/v1/models?\(bad)", method: .get)
                #expect(response.status == .badRequest, "\(bad)")
                #expect((try jsonObject(response)["error"] as? [String: Any])?["code"] as? String == "invalid_query")
            }
        }
    }

    @Test("an unknown route and a wrong method answer JSON errors")
    func frameworkErrorsAreJSON() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            let missing = try await client.execute(uri: "/v1/nothing-here", method: .get)
            #expect(missing.status == .notFound)
            #expect((try jsonObject(missing)["error"] as? [String: Any])?["code"] as? String == "not_found")
        }
    }

    @Test("a write the store fails answers 503 JSON with a code, and nothing is stored")
    func failingWriteIsJSON() async throws {
        try await withLiveServer(now: fixedNow) { client, store in
            try await client.uploadReference("fraud")
            // A second connection to the same file makes every event insert fail, as a full disk would.
            let sabotage = try DatabaseQueue(path: store.path)
            try await sabotage.write { db in
                try db.execute(sql: "CREATE TRIGGER fail_events BEFORE INSERT ON event BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            }
            let response = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("s1"))]")
            #expect(response.status == .serviceUnavailable)
            let error = try #require(try jsonObject(response)["error"] as? [String: Any])
            #expect(error["code"] as? String == "store_unavailable")
            #expect((error["message"] as? String)?.contains("nothing of it was stored") == true)
            try await sabotage.write { db in try db.execute(sql: "DROP TRIGGER fail_events") }
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            #expect((model["counts"] as? [String: Int])?["events"] == 0)
            let retried = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("s1"))]")
            #expect(retried.status == .accepted)
        }
    }

    @Test("every store failure code maps to a status a client can act on")
    func storeErrorMapping() {
        #expect(ErrorMiddleware.apiError(StoreError(.database, "disk I/O error")).status == .serviceUnavailable)
        #expect(ErrorMiddleware.apiError(StoreError(.tooManyPendingLabels, "x")).status == .tooManyRequests)
        #expect(ErrorMiddleware.apiError(StoreError(.invalidValue, "x")).status == .unprocessableContent)
        #expect(ErrorMiddleware.apiError(StoreError(.unknownModel, "x")).status == .notFound)
        #expect(ErrorMiddleware.apiError(StoreError(.corruptData, "x")).status == .internalServerError)
    }
}

/// Methods a path does not declare: 405 with the methods it does, as RFC 9110 and the OpenAPI document say.
@Suite("Hardening: undeclared methods")
struct UndeclaredMethodTests {
    @Test("a known path with an undeclared method is 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let cases: [(String, HTTPRequest.Method, String)] = [
                ("/v1/models/fraud", .delete, "GET"), ("/v1/models/fraud/events", .get, "POST"),
                ("/v1/models/fraud/reference", .post, "PUT"), ("/healthz", .put, "GET"),
                ("/v1/models/fraud/windows", .patch, "GET"), ("/metrics", HTTPRequest.Method("QUERY")!, "GET"),
            ]
            for (path, method, allow) in cases {
                let response = try await client.execute(uri: path, method: method)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                #expect((try jsonObject(response)["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
            }
            let unknown = try await client.execute(uri: "/v1/models/fraud/nothing", method: .delete)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("an integral id written with a fraction or exponent is the id of its digits")
    func integralIDs() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let event = #"{"id":402572,"timestamp":"2026-01-05T00:10:00Z","features":{"amount":1},"prediction":1}"#
            #expect(try await client.postJSON("/v1/models/fraud/events", "[\(event)]").status == .accepted)
            let labels = try await client.postJSON("/v1/models/fraud/labels", #"[{"id":402572.0,"label":1},{"id":4.02572e5,"label":0}]"#)
            #expect(labels.status == .accepted)
            #expect(try jsonObject(labels)["matched"] as? Int == 2, "both spellings join the event 402572")
            let fraction = try await client.postJSON("/v1/models/fraud/labels", #"[{"id":4025.5,"label":1}]"#)
            #expect(fraction.status == .unprocessableContent)
        }
    }
}
