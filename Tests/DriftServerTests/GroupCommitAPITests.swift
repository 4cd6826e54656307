import DriftCore
import DriftServer
import Foundation
import HummingbirdTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Group commit over a live socket: concurrent batches share transactions, each answered for itself.
@Suite("Ingestion API: group commit")
struct GroupCommitAPITests {
    @Test(
        "concurrent batches with a bad one among them: the good ones are stored and acknowledged, the bad one gets its 422",
        arguments: [true, false])
    func badBatchAmongConcurrent(groupCommit: Bool) async throws {
        let configure: (inout ServerConfiguration) -> Void = { $0.groupCommit = groupCommit }
        try await withLiveServer(configure: configure, now: fixedNow) { client, store in
            try await client.uploadReference("fraud")
            let port = try #require(client.port)
            let clients = 16
            let bad = 7
            let answers = try await withThrowingTaskGroup(of: (Int, Int, Data).self) { group in
                for index in 0..<clients {
                    group.addTask {
                        // 50 events per batch; batch 7 has a non-numeric amount in its 31st event.
                        let events = (0..<50).map { number in
                            eventJSON(
                                "b\(index)-e\(number)", amount: index == bad && number == 30 ? "\"lots\"" : "12.5")
                        }
                        let (status, body) = try await Self.post(port: port, "[" + events.joined(separator: ",") + "]")
                        return (index, status, body)
                    }
                }
                var all: [Int: (Int, Data)] = [:]
                for try await (index, status, body) in group { all[index] = (status, body) }
                return all
            }
            #expect(answers.count == clients)
            for (index, (status, data)) in answers {
                let body = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
                if index == bad {
                    #expect(status == 422)
                    let error = body["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "invalid_event")
                    #expect((error?["details"] as? [[String: Any]])?.first?["index"] as? Int == 30)
                } else {
                    #expect(status == 202, "batch \(index)")
                    #expect(body["accepted"] as? Int == 50 && body["duplicates"] as? Int == 0, "batch \(index)")
                }
            }
            // What was acknowledged is in the file, and nothing of the bad batch is.
            let stored = try #require(try store.model(named: ModelName("fraud")!))
            #expect(stored.eventCount == (clients - 1) * 50)
            let window = try store.windowData(
                model: ModelName("fraud")!, from: fixedNow() - 30 * 86_400_000, to: fixedNow() + 86_400_000)
            #expect(window.count == (clients - 1) * 50)
            // Every good batch went through the committer, the bad one never reached it; how many commits
            // that took depends on timing (a group is whatever waited).
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            let sum = Self.sample(metrics, "driftwatch_ingest_commit_batches_sum")
            let commits = Self.sample(metrics, "driftwatch_ingest_commit_batches_count")
            if groupCommit {
                #expect(sum == Double(clients - 1))
                #expect((commits ?? 0) >= 1 && (commits ?? 0) <= Double(clients - 1))
                print("group commit over HTTP: \(clients - 1) batches in \(commits ?? 0) commits")
            } else {
                #expect(sum == nil, "without group commit no commit is counted")
            }
        }
    }

    /// The value of the unlabelled sample `name` in a Prometheus text exposition.
    private static func sample(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    private static func post(port: Int, _ json: String) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/models/fraud/events")!)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        request.timeoutInterval = 30
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
