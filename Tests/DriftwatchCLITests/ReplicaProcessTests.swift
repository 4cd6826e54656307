import DriftTestSupport
import Foundation
import Testing

/// Two real `driftwatch serve` processes on one PostgreSQL database: both ingest, one is killed with SIGKILL
/// mid-stream and restarted, and afterwards both answer the same windows and every notification was sent
/// under one webhook-id.
///
/// Bounded in time: every wait has a deadline, the suite has a time limit, the servers write to log files
/// (a pipe nobody reads would fill and block them) and are killed on every way out of the test.
@Suite("Replicas: two serve processes on one database", .serialized, .enabled(if: ScratchDatabase.serverURL != nil))
struct ReplicaProcessTests {
    static let model = "replica-test"
    static let secret = "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()
    static let batches = 160
    static let batchSize = 50
    static let killAfter = 40

    @Test(
        "events split over two replicas, one SIGKILLed and restarted: identical windows, one webhook-id per notification",
        .timeLimit(.minutes(7)))
    func twoReplicas() async throws {
        let server = try #require(ScratchDatabase.serverURL)
        let scratch = try ScratchDatabase(server: server)
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withDeliveryCounter { hookPort, log in
            let replicas = ReplicaSet(
                database: scratch.urlText, folder: folder, hookPort: hookPort, secret: Self.secret)
            // The servers die before the receiver stops: a receiver shutting down gracefully would otherwise
            // wait for the servers' open delivery connections.
            defer { replicas.killAll() }
            do {
                try await Self.run(replicas, log: log)
            } catch {
                Issue.record(Comment(rawValue: "\(error)\n\(replicas.logTail())"))
                throw error
            }
        }
        withExtendedLifetime(scratch) {}
    }

    private static func run(_ replicas: ReplicaSet, log: DeliveryLog) async throws {
        try await replicas.start(0)
        try await replicas.start(1)
        let (status, _) = try await replicas.current(0).request(
            "PUT", "/v1/models/\(model)/reference", body: Data(CrashRecoveryTests.reference.utf8),
            contentType: "text/csv")
        #expect(status == 201)

        // Three complete hours of event time, ending an hour before the current one.
        let hour = 3_600
        let base = (Int(Date().timeIntervalSince1970) / hour - 4) * hour
        let total = batches * batchSize
        let timestamps = (0..<total).map { base + $0 * 3 * hour / total }

        // Four clients; batch b goes to replica b % 2. Replica 1 is killed once `killAfter` batches have been
        // acknowledged and restarted at once; its clients retry a batch that was not acknowledged (a batch
        // committed just before the kill then comes back as duplicates).
        let tally = AcknowledgedTally()
        let afterRestart = AcknowledgedTally()
        let deadline = ContinuousClock.now + .seconds(150)
        let acknowledgedAtKill = try await withThrowingTaskGroup(of: Int?.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for number in stride(from: client, to: batches, by: 4) {
                        let body = Self.body(number: number, timestamps: timestamps)
                        while true {
                            guard ContinuousClock.now < deadline else {
                                throw ReplicaSet.Failure.timedOut("batch \(number)")
                            }
                            let (replica, restarted) = replicas.currentWithRestart(number % 2)
                            if let (status, _) = try? await replica.request(
                                "POST", "/v1/models/\(model)/events", body: body),
                                status == 202
                            {
                                tally.increment()
                                if restarted { afterRestart.increment() }
                                break
                            }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    return nil
                }
            }
            group.addTask {
                while tally.count < killAfter {
                    guard ContinuousClock.now < deadline else {
                        throw ReplicaSet.Failure.timedOut("the first acknowledgements")
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
                let count = tally.count
                replicas.current(1).kill9()
                try await replicas.start(1)
                return count
            }
            var killedAt: Int?
            for try await value in group { killedAt = value ?? killedAt }
            return killedAt
        }
        let killedAt = try #require(acknowledgedAtKill)
        #expect(killedAt < batches, "the kill came mid-stream")
        #expect(afterRestart.count > 0, "the restarted replica acknowledged batches")

        // Both replicas count every event once.
        for index in 0..<2 {
            let (_, summary) = try await replicas.current(index).request("GET", "/v1/models/\(model)")
            let counts =
                (try JSONSerialization.jsonObject(with: summary) as? [String: Any])?["counts"] as? [String: Int]
            #expect(counts?["events"] == total, "replica \(index)")
        }

        // Windows: both replicas answer the same list, whose counts are the generated events per hour.
        var expected: [Int: Int] = [:]
        for timestamp in timestamps { expected[(timestamp / hour) * hour, default: 0] += 1 }
        let windowsDeadline = ContinuousClock.now + .seconds(90)
        var agreed: Data?
        var last: (Data?, Data?)
        while agreed == nil, ContinuousClock.now < windowsDeadline {
            last = (try await windows(replicas.current(0)), try await windows(replicas.current(1)))
            if let first = last.0, let second = last.1, first == second, Self.counts(first) == expected {
                agreed = first
            } else {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        #expect(
            agreed.map(Self.counts) == expected,
            """
            both replicas answer the windows of every hour, identically; expected counts \(expected), last answers:
            \(last.0.map(Self.summary) ?? "none")
            \(last.1.map(Self.summary) ?? "none")
            """)

        // Notifications: at least one, and each (group, status) under one webhook-id however often it came.
        // A notification the killed replica had claimed is due again only once its lease ran out: 99 s with
        // the default delivery settings (9 rounds of a 10 s request timeout plus 1 s; DeliveryService).
        let hooksDeadline = ContinuousClock.now + .seconds(130)
        while await log.deliveries.isEmpty, ContinuousClock.now < hooksDeadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        // A few more evaluation intervals, for a second replica's copy to show up if there were one.
        try await Task.sleep(for: .seconds(4))
        let deliveries = await log.deliveries
        #expect(!deliveries.isEmpty, "the rule fired and was delivered")
        var idsByNotification: [String: Set<String>] = [:]
        for delivery in deliveries { idsByNotification[delivery.notification, default: []].insert(delivery.webhookID) }
        for (notification, ids) in idsByNotification {
            #expect(ids.count == 1, "\(notification) was sent under \(ids.count) webhook-ids")
        }
        print(
            "replica test: killed replica 1 after \(killedAt) of \(batches) batches, \(afterRestart.count) acknowledged "
                + "by its restart; \(deliveries.count) deliveries, "
                + "by webhook-id \(await log.countsByWebhookID.values.sorted())")
    }

    /// Batch `number`: events `b<number>-e<i>` at their generated timestamps, every tenth `amount` missing.
    static func body(number: Int, timestamps: [Int]) -> Data {
        let events = (0..<batchSize).map { index in
            let position = number * batchSize + index
            let amount = position % 10 == 0 ? "null" : String(Double(position % 37) * 1.5)
            return #"{"id":"b\#(number)-e\#(index)","timestamp":\#(timestamps[position]),"#
                + #""features":{"amount":\#(amount),"channel":"\#(["web", "ios", "android"][position % 3])"},"prediction":\#(position % 2)}"#
        }
        return Data("[\(events.joined(separator: ","))]".utf8)
    }

    /// The `windows` array of a replica's answer, re-serialised with sorted keys, or nil when it failed.
    private static func windows(_ replica: ServerProcess) async throws -> Data? {
        guard let (status, data) = try? await replica.request("GET", "/v1/models/\(model)/windows"), status == 200,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let windows = object["windows"]
        else { return nil }
        return try JSONSerialization.data(withJSONObject: windows, options: [.sortedKeys])
    }

    /// Start, count, evaluations and evaluation time of each window, for a failure message.
    private static func summary(_ windows: Data) -> String {
        let list = (try? JSONSerialization.jsonObject(with: windows)) as? [[String: Any]] ?? []
        return list.map { window in
            ["start", "count", "evaluations", "evaluated_at"].map { "\(window[$0] ?? "-")" }.joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// Event count by window start (epoch seconds), windows with events only.
    private static func counts(_ windows: Data) -> [Int: Int] {
        let list = (try? JSONSerialization.jsonObject(with: windows)) as? [[String: Any]] ?? []
        let formatter = ISO8601DateFormatter()
        var counts: [Int: Int] = [:]
        for window in list {
            guard let start = (window["start"] as? String).flatMap(formatter.date(from:)) else { continue }
            // The complete hours after the events, up to now, are windows without events.
            guard let count = window["count"] as? Int, count > 0 else { continue }
            counts[Int(start.timeIntervalSince1970)] = count
        }
        return counts
    }
}

/// The two replicas of the test: the current process of each (a restart replaces it), their configuration,
/// and their logs.
final class ReplicaSet: @unchecked Sendable {
    enum Failure: Error, CustomStringConvertible {
        case timedOut(String)
        var description: String {
            switch self {
            case .timedOut(let what): "timed out waiting for \(what)"
            }
        }
    }

    private let lock = NSLock()
    private var processes: [Int: ServerProcess] = [:]
    private var everStarted: [ServerProcess] = []
    private var restarts: [Int: Int] = [:]
    private let database: String
    private let folder: URL
    private let arguments: [String]
    private let secret: String

    init(database: String, folder: URL, hookPort: Int, secret: String) {
        self.database = database
        self.folder = folder
        self.secret = secret
        let rules = folder.appendingPathComponent("alerts")
        try? FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try? """
        receivers:
          - {name: hook, kind: webhook, url: "http://127.0.0.1:\(hookPort)/hook", secret_env: DRIFTWATCH_REPLICA_SECRET}
        rules:
          - {name: traffic-seen, metric: volume, op: ">=", threshold: 1, receivers: [hook]}
          - {name: amount-missing, feature: amount, metric: missing_rate, op: ">=", threshold: 0.05, receivers: [hook]}
        """.write(to: rules.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("driftwatch.yaml")
        try? """
        evaluation: {interval: 1s}
        models:
          default: {window: 1h, min_samples: 10}
        """.write(to: config, atomically: true, encoding: .utf8)
        arguments = ["--config", config.path, "--alerts", rules.path]
    }

    /// Starts replica `index` (again), trying a new port if the first one was taken meanwhile.
    func start(_ index: Int) async throws {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                let process = try await ServerProcess(
                    databasePath: database, extraArguments: arguments,
                    environment: ["DRIFTWATCH_REPLICA_SECRET": secret],
                    logFile: folder.appendingPathComponent("replica-\(index).log"))
                lock.withLock {
                    if processes[index] != nil { restarts[index, default: 0] += 1 }
                    processes[index] = process
                    everStarted.append(process)
                }
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? Failure.timedOut("replica \(index) to start")
    }

    /// The running process of replica `index`.
    func current(_ index: Int) -> ServerProcess {
        lock.withLock { processes[index]! }
    }

    /// The running process of replica `index`, and whether it is a restart (not the first one started).
    func currentWithRestart(_ index: Int) -> (ServerProcess, Bool) {
        lock.withLock { (processes[index]!, restarts[index, default: 0] > 0) }
    }

    /// SIGKILLs every process ever started and waits for each.
    func killAll() {
        for process in lock.withLock({ everStarted }) { process.kill9() }
    }

    /// The last lines of each replica's log, for a failure message.
    func logTail() -> String {
        (0..<2).map { index in
            let text =
                (try? String(contentsOf: folder.appendingPathComponent("replica-\(index).log"), encoding: .utf8)) ?? ""
            return "replica \(index) log:\n" + text.split(separator: "\n").suffix(20).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
