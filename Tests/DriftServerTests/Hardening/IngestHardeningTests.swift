import CompressNIO
import DriftCore
@testable import DriftServer
import DriftStore
import DriftTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Ingestion inputs that stored data in the wrong place or grew without bound: control characters in
/// names, long feature names, labels for events that never come, bodies of the wrong type or encoding.
@Suite("Hardening: ingestion")
struct IngestHardeningTests {
    /// The first problem of a 422 body.
    private func firstProblem(_ response: TestResponse) throws -> [String: Any] {
        let error = try #require(try jsonObject(response)["error"] as? [String: Any])
        let details = try #require(error["details"] as? [[String: Any]])
        return try #require(details.first)
    }

    private func eventCount(_ client: some TestClientProtocol, _ model: String = "fraud") async throws -> Int? {
        let body = try jsonObject(try await client.execute(uri: "/v1/models/\(model)", method: .get))
        return (body["counts"] as? [String: Int])?["events"]
    }

    @Test(
        "control characters in ids, feature names and model versions are 422 naming the line and field",
        arguments: [
            (#"{"id":"a\u0000b","timestamp":"2026-01-05T00:10:00Z","features":{"amount":1},"prediction":1}"#, "id"),
            (#"{"id":"a\tb","timestamp":"2026-01-05T00:10:00Z","features":{"amount":1},"prediction":1}"#, "id"),
            (#"{"id":"a","timestamp":"2026-01-05T00:10:00Z","features":{"am\u0000ount":1},"prediction":1}"#, "features"),
            (#"{"id":"a","timestamp":"2026-01-05T00:10:00Z","features":{"x\u007f":1},"prediction":1}"#, "features"),
            (#"{"id":"a","timestamp":"2026-01-05T00:10:00Z","features":{"amount":1},"prediction":1,"model_version":"v\u0001"}"#, "model_version"),
        ])
    func controlCharactersInEvents(line: String, field: String) async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let response = try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("ok-1")),\(line)]")
            #expect(response.status == .unprocessableContent)
            let problem = try firstProblem(response)
            #expect(problem["index"] as? Int == 1)
            #expect(problem["field"] as? String == field)
            #expect((problem["reason"] as? String)?.contains("control character") == true)
            #expect(try await eventCount(client) == 0, "nothing of a rejected batch is stored")
        }
    }

    @Test("a label for \"a\\u0000b\" is refused and never lands on the event \"a\"")
    func controlCharacterInLabelID() async throws {
        try await withLiveServer(now: fixedNow) { client, store in
            try await client.uploadReference("fraud")
            #expect(try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("a"))]").status == .accepted)
            let response = try await client.postJSON("/v1/models/fraud/labels", #"[{"id":"a\u0000b","label":1}]"#)
            #expect(response.status == .unprocessableContent)
            #expect(try firstProblem(response)["field"] as? String == "id")
            let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
            let counts = try #require(model["counts"] as? [String: Int])
            #expect(counts["labels_matched"] == 0 && counts["labels_unmatched"] == 0)
            // The store refuses such ids too, rather than bind them cut at the NUL.
            #expect(throws: StoreError.self) {
                try store.insertLabels(
                    model: ModelName("fraud")!, labels: [LabelRecord(id: "a\u{0}b", label: .number(1))], receivedAt: 0)
            }
        }
    }

    @Test("reference columns with control characters, too long or empty are 422 naming the column")
    func referenceHeaders() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            let long = String(repeating: "x", count: 300)
            for header in ["a\u{1}b,label", "\(long),label", "\"a\tb\",label"] {
                let csv = header + "\n1,0\n2,1\n"
                let response = try await client.uploadReference("heads", csv: csv)
                #expect(response.status == .unprocessableContent, "\(header.prefix(20))")
                let error = try #require(try jsonObject(response)["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_column_name")
                let problem = try firstProblem(response)
                #expect(problem["field"] as? String == "header" && problem["index"] as? Int == 0)
            }
            let models = try jsonObject(try await client.execute(uri: "/v1/models", method: .get))
            #expect((models["models"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("feature names are capped by length, and a model lists at most 16 KiB of unexpected names")
    func featureNameLimits() async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let tooLong = String(repeating: "n", count: Limits().maxNameBytes + 1)
            let refused = try await client.postJSON(
                "/v1/models/fraud/events", "[\(eventJSON("long", extra: ",\"\(tooLong)\":1"))]")
            #expect(refused.status == .unprocessableContent)
            #expect((try firstProblem(refused)["reason"] as? String)?.contains("limited to 256 bytes") == true)
            // 200 distinct unexpected names of 250 bytes: 50 KB of names, listed up to 16 KiB.
            for batch in 0..<4 {
                let events = (0..<50).map { index in
                    let name = String(format: "u%03d", batch * 50 + index) + String(repeating: "z", count: 246)
                    return eventJSON("u\(batch)-\(index)", extra: ",\"\(name)\":1")
                }
                let response = try await client.postJSON("/v1/models/fraud/events", "[" + events.joined(separator: ",") + "]")
                #expect(response.status == .accepted)
            }
            let response = try await client.execute(uri: "/v1/models/fraud", method: .get)
            let model = try jsonObject(response)
            let listed = try #require(model["unexpected_features"] as? [String: Int])
            let omitted = try #require(model["unexpected_features_omitted"] as? Int)
            #expect(listed.keys.reduce(0) { $0 + $1.utf8.count } <= 16 * 1024)
            #expect(listed.count + omitted == 200)
            #expect(omitted > 0)
            #expect(response.body.readableBytes < 32 * 1024)
        }
    }

    @Test("labels waiting for events are capped per model (429, nothing stored) and expire after the horizon")
    func pendingLabels() async throws {
        let clock = TestClock(fixedNow())
        try await withLiveServer(
            configure: {
                $0.limits.maxPendingLabels = 5
                $0.limits.pendingLabelHorizonMilliseconds = 60_000
                $0.retentionCheckMilliseconds = 50
            }, now: { clock.now }
        ) { client, _ in
            try await client.uploadReference("fraud")
            let five = (0..<5).map { #"{"id":"p\#($0)","label":1}"# }.joined(separator: ",")
            #expect(try await client.postJSON("/v1/models/fraud/labels", "[\(five)]").status == .accepted)
            let sixth = try await client.postJSON("/v1/models/fraud/labels", #"[{"id":"q1","label":1},{"id":"q2","label":0}]"#)
            #expect(sixth.status == .tooManyRequests)
            let error = try #require(try jsonObject(sixth)["error"] as? [String: Any])
            #expect(error["code"] as? String == "too_many_pending_labels")
            #expect((error["message"] as? String)?.contains("max_pending_labels") == true)
            // A label for an event that exists is not pending, so it is accepted at the cap.
            #expect(try await client.postJSON("/v1/models/fraud/events", "[\(eventJSON("e1"))]").status == .accepted)
            #expect(try await client.postJSON("/v1/models/fraud/labels", #"[{"id":"e1","label":1}]"#).status == .accepted)
            func unmatched() async throws -> Int? {
                let model = try jsonObject(try await client.execute(uri: "/v1/models/fraud", method: .get))
                return (model["counts"] as? [String: Int])?["labels_unmatched"]
            }
            #expect(try await unmatched() == 5)
            clock.advance(by: 61_000)
            var expired = false
            for _ in 0..<100 where !expired {
                try await Task.sleep(for: .milliseconds(50))
                expired = try await unmatched() == 0
            }
            #expect(expired, "pending labels older than the horizon are dropped")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("driftwatch_pending_labels_expired_total 5"))
            #expect(try await client.postJSON("/v1/models/fraud/labels", #"[{"id":"q1","label":1}]"#).status == .accepted)
        }
    }

    @Test(
        "events and labels accept only JSON and NDJSON media types (415 otherwise, nothing stored)",
        arguments: ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", nil])
    func contentTypes(type: String?) async throws {
        try await withLiveServer(now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            var headers: HTTPFields = [:]
            if let type { headers[.contentType] = type }
            for path in ["events", "labels"] {
                let body = path == "events" ? "[\(eventJSON("t1"))]" : #"[{"id":"t1","label":1}]"#
                let response = try await client.execute(
                    uri: "/v1/models/fraud/\(path)", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .unsupportedMediaType, "\(path) \(type ?? "none")")
                #expect((try jsonObject(response)["error"] as? [String: Any])?["code"] as? String == "unsupported_content_type")
            }
            #expect(try await eventCount(client) == 0)
        }
    }

    @Test("gzip bodies are decoded; a plain body labelled gzip is 400, other encodings 415, a zip bomb 413")
    func contentEncoding() async throws {
        try await withLiveServer(configure: { $0.limits.maxBodyBytes = 64 * 1024 }, now: fixedNow) { client, _ in
            try await client.uploadReference("fraud")
            let batch = "[" + (0..<20).map { eventJSON("g\($0)") }.joined(separator: ",") + "]"
            var plain = ByteBuffer(string: batch)
            let gzipped = try plain.compress(with: .gzip)
            let accepted = try await client.execute(
                uri: "/v1/models/fraud/events", method: .post,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"], body: gzipped)
            #expect(accepted.status == .accepted)
            #expect(try jsonObject(accepted)["accepted"] as? Int == 20)
            let mislabelled = try await client.execute(
                uri: "/v1/models/fraud/events", method: .post,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"], body: ByteBuffer(string: batch))
            #expect(mislabelled.status == .badRequest)
            #expect((try jsonObject(mislabelled)["error"] as? [String: Any])?["code"] as? String == "invalid_gzip")
            for encoding in ["br", "deflate", "gzip, gzip", "compress"] {
                let response = try await client.execute(
                    uri: "/v1/models/fraud/events", method: .post,
                    headers: [.contentType: "application/json", .contentEncoding: encoding], body: ByteBuffer(string: batch))
                #expect(response.status == .unsupportedMediaType, "\(encoding)")
            }
            // 10 MB of spaces compress to ~10 KB: under the 64 KiB body limit, far over it decoded.
            var bomb = ByteBuffer(string: "[" + String(repeating: " ", count: 10_000_000) + "]")
            let compressedBomb = try bomb.compress(with: .gzip)
            #expect(compressedBomb.readableBytes < 64 * 1024)
            let exploded = try await client.execute(
                uri: "/v1/models/fraud/events", method: .post,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"], body: compressedBomb)
            #expect(exploded.status == .contentTooLarge)
            #expect((try jsonObject(exploded)["error"] as? [String: Any])?["code"] as? String == "body_too_large")
            #expect(try await eventCount(client) == 20)
        }
    }

    @Test("reference uploads are limited by limits.max_reference_bytes, answered as JSON 413")
    func referenceLimit() async throws {
        try await withLiveServer(configure: { $0.limits.maxReferenceBytes = 2_000 }, now: fixedNow) { client, _ in
            let response = try await client.uploadReference("big")
            #expect(response.status == .contentTooLarge)
            #expect((try jsonObject(response)["error"] as? [String: Any])?["code"] as? String == "body_too_large")
            let small = "amount,label\n" + (0..<50).map { "\($0),\($0 % 2)" }.joined(separator: "\n") + "\n"
            #expect(try await client.uploadReference("small", csv: small).status == .created)
        }
    }
}
