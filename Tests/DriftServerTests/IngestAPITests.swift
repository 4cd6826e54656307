import DriftCore
import DriftServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The ingestion API over a live socket and a real SQLite file.
@Suite("Ingestion API")
struct IngestAPITests {
    @Test("Reference upload infers the schema and task")
    func referenceUpload() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            let response = try await client.uploadReference("fraud")
            #expect(response.status == .created)
            let body = try jsonObject(response)
            #expect(body["version"] as? Int == 1)
            #expect(body["rows"] as? Int == 300)
            #expect(body["task"] as? String == "binary")
            #expect(body["positive_label"] as? String == "1")
            let schema = try #require(body["schema"] as? [String: String])
            #expect(schema == ["amount": "numeric", "age": "numeric", "channel": "categorical"])
            let sha = try #require(body["sha256"] as? String)
            #expect(sha.count == 64 && body["created"] as? Bool == true)
            // A retry of the same bytes (the response was lost) answers the version it made: 200, no new version.
            let retried = try await client.uploadReference("fraud")
            #expect(retried.status == .ok)
            let retriedBody = try jsonObject(retried)
            #expect(retriedBody["version"] as? Int == 1 && retriedBody["created"] as? Bool == false)
            #expect(retriedBody["sha256"] as? String == sha)
            // Different bytes make the next version.
            let second = try await client.uploadReference("fraud", csv: referenceCSV + "1,21,web,0.5,1,1\n")
            #expect(second.status == .created)
            #expect(try jsonObject(second)["version"] as? Int == 2)
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            let reference = try #require(model["reference"] as? [String: Any])
            #expect(reference["version"] as? Int == 2)
            #expect((reference["sha256"] as? String)?.count == 64 && reference["sha256"] as? String != sha)
        }
    }

    @Test("Events: 202 after storing; a retried batch is all duplicates")
    func eventsAndRetries() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let batch = "[" + (0..<20).map { eventJSON("e\($0)") }.joined(separator: ",") + "]"
            let first = try await client.postJSON("/v1/models/fraud/events", batch)
            #expect(first.status == .accepted)
            #expect(try jsonObject(first)["accepted"] as? Int == 20)
            let retry = try await client.postJSON("/v1/models/fraud/events", batch)
            let retried = try jsonObject(retry)
            #expect(retried["accepted"] as? Int == 0 && retried["duplicates"] as? Int == 20)
            let wrapped = try await client.postJSON("/v1/models/fraud/events", #"{"events": [\#(eventJSON("w1"))]}"#)
            #expect(try jsonObject(wrapped)["accepted"] as? Int == 1)
            let ndjson = [eventJSON("n1"), eventJSON("n2"), ""].joined(separator: "\n")
            let lines = try await client.postJSON("/v1/models/fraud/events", ndjson, headers: [.contentType: "application/x-ndjson"])
            #expect(lines.status == .accepted)
            #expect(try jsonObject(lines)["accepted"] as? Int == 2)
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            #expect((model["counts"] as? [String: Int])?["events"] == 23)
        }
    }

    @Test("One bad line rejects the whole batch and names the line; nothing is stored")
    func atomicity() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let batch = "[\(eventJSON("a1")),\(eventJSON("a2", amount: "\"lots\"")),\(eventJSON("a3"))]"
            let response = try await client.postJSON("/v1/models/fraud/events", batch)
            #expect(response.status == .unprocessableContent)
            let error = try #require(try jsonObject(response)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_event")
            let details = try #require(error["details"] as? [[String: Any]])
            #expect(details.first?["index"] as? Int == 1)
            #expect((details.first?["field"] as? String)?.contains("amount") == true)
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            #expect((model["counts"] as? [String: Int])?["events"] == 0)
        }
    }

    @Test("Labels before and after their events; a correction replaces the label")
    func labels() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let early = try await client.postJSON("/v1/models/fraud/labels", #"[{"id":"late-event","label":1}]"#)
            let earlyBody = try jsonObject(early)
            #expect(early.status == .accepted)
            #expect(earlyBody["matched"] as? Int == 0 && earlyBody["unmatched"] as? Int == 1)
            _ = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("late-event")),\(eventJSON("e2"))]")
            let after = try jsonObject(try await client.postJSON("/v1/models/fraud/labels", #"[{"id":"e2","label":0},{"id":"e2","label":1}]"#))
            #expect(after["matched"] as? Int == 2)
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            let counts = try #require(model["counts"] as? [String: Int])
            #expect(counts["labels_matched"] == 2)
            #expect(counts["labels_unmatched"] == 0)
        }
    }

    @Test("Error classes: status and JSON body")
    func errorClasses() async throws {
        try await withLiveServer(configure: { $0.limits.maxBodyBytes = 2_000 }, now: fixedNow) { client, _ in
            // 404: events for a model without a reference.
            let unknown = try await client.postJSON("/v1/models/nobody/events", "[\(eventJSON("x"))]")
            #expect(unknown.status == .notFound)
            let message = ((try jsonObject(unknown)["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains("upload"))
            try await client.uploadReference("fraud")
            // 400: malformed JSON, NaN literal, duplicate keys, bad model name.
            for body in ["[{", #"[{"id":"a","timestamp":1767225600,"features":{"amount":NaN}}]"#,
                         #"[{"id":"a","id":"b","timestamp":1767225600,"features":{}}]"#] {
                let response = try await client.postJSON("/v1/models/fraud/events", body)
                #expect(response.status == .badRequest, "\(body): \(String(buffer: response.body))")
                #expect(try jsonObject(response)["error"] != nil)
            }
            #expect(try await client.postJSON("/v1/models/Bad_Name/events", "[]").status == .badRequest)
            // 413: larger than max_body_bytes.
            let large = "[" + (0..<60).map { eventJSON("big\($0)") }.joined(separator: ",") + "]"
            #expect(try await client.postJSON("/v1/models/fraud/events", large).status == .contentTooLarge)
            // 415: unsupported content type.
            let xml = try await client.postJSON("/v1/models/fraud/events", "<events/>", headers: [.contentType: "application/xml"])
            #expect(xml.status == .unsupportedMediaType)
            // 422: a timestamp more than a day in the future.
            let future = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("f", timestamp: "2027-01-01T00:00:00Z"))]")
            #expect(future.status == .unprocessableContent)
        }
    }

    @Test("Unexpected features are stored and listed; missing ones are fine")
    func unexpectedFeatures() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let response = try await client.postJSON(
                "/v1/models/fraud/events", "[\(eventJSON("u1", extra: #","new_signal":3"#))]")
            #expect(response.status == .accepted)
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            #expect((model["unexpected_features"] as? [String: Int])?["new_signal"] == 1)
        }
    }

    @Test("Bearer tokens: 401 without, 403 with the wrong scope, 2xx with the right one")
    func authentication() async throws {
        let ingest = Authenticator.makeToken()
        let admin = Authenticator.makeToken()
        try await withLiveServer(configure: { configuration in
            configuration.tokens = [
                TokenConfiguration(name: "serving", sha256: ingest.sha256, scopes: [.ingest]),
                TokenConfiguration(name: "ops", sha256: admin.sha256, scopes: [.admin, .read]),
            ]
        }, now: fixedNow) { client, _ in
            #expect(try await client.uploadReference("fraud").status == .unauthorized)
            #expect(try await client.uploadReference("fraud", headers: [.authorization: "Bearer \(ingest.token)"]).status == .forbidden)
            #expect(try await client.uploadReference("fraud", headers: [.authorization: "Bearer \(admin.token)"]).status == .created)
            #expect(try await client.uploadReference("fraud", headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            let events = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("t1"))]",
                                                   headers: [.authorization: "Bearer \(ingest.token)"])
            #expect(events.status == .accepted)
            #expect(try await client.execute(uri: "/v1/models", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(admin.token)"]).status == .ok)
        }
    }

    @Test("healthz, metrics and the OpenAPI document")
    func operations() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            try await client.uploadReference("fraud")
            _ = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("m1")),\(eventJSON("m1"))]")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("driftwatch_http_requests_total"))
            #expect(metrics.contains(#"driftwatch_events_total{model="fraud",outcome="accepted"} 1"#))
            #expect(metrics.contains("driftwatch_store_size_bytes"))
            let document = try jsonObject(try await client.execute(uri: "/openapi.json", method: .get))
            #expect(document["openapi"] as? String == "3.1.0")
        }
    }
}
