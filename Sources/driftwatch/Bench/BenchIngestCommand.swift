import ArgumentParser
import DriftCore
import DriftPostgres
import DriftStats
import DriftStore
import Foundation

/// `driftwatch bench ingest`: the release server under load from `wrk` in another process, over loopback,
/// next to the raw insert rate of the same store layout, measured in the same run.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load the HTTP ingestion path with wrk and compare with the raw store insert rate.",
        discussion: """
            Needs wrk (Debian: apt-get install wrk) and a release build. Batches of --batch events with 20 numeric \
            and 5 categorical features; every request carries new ids, so nothing is a duplicate. By default both \
            measurements use temporary SQLite files; --db postgres://… runs them on that (empty) PostgreSQL \
            database instead, and --replicas 2 serves it from two processes, each loaded by its own wrk.
            """
    )

    @Option(help: "Seconds of load.")
    var seconds = 20

    @Option(help: "Concurrent connections.")
    var connections = 8

    @Option(help: "Events per request.")
    var batch = 500

    @Option(help: "Events for the raw store measurement.")
    var rawEvents = 200_000

    @Option(help: "A postgres:// URL of an empty database to measure instead of temporary SQLite files.")
    var db: String?

    @Option(help: "Server processes sharing the --db database (PostgreSQL only).")
    var replicas = 1

    @Flag(
        inversion: .prefixedNo,
        help: "Serve with store.group_commit on or off (default: the server's, on for PostgreSQL only).")
    var groupCommit: Bool?

    func validate() throws {
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
        guard (1...256).contains(connections) else { throw ValidationError("--connections must be between 1 and 256") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be between 1 and 10000") }
        guard (1...8).contains(replicas) else { throw ValidationError("--replicas must be between 1 and 8") }
        if replicas > 1, !(db.map(PostgresURL.isPostgres) ?? false) {
            throw ValidationError("--replicas above 1 needs --db postgres://… (replicas share one PostgreSQL database)")
        }
        if let db, !PostgresURL.isPostgres(db) { throw ValidationError("--db must be a postgres:// URL") }
    }

    func run() async throws {
        guard let wrk = Self.which("wrk") else {
            printError("error: wrk is not installed (Debian: apt-get install -y wrk)")
            throw ExitCode(2)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let schema = StoreBenchmark.schema(numeric: 20, categorical: 5)
        let raw = try rawStoreRate(schema: schema, location: db ?? folder.appendingPathComponent("raw.sqlite").path)

        let served = db ?? folder.appendingPathComponent("served.sqlite").path
        var servers: [(process: Process, port: Int)] = []
        defer {
            for server in servers {
                server.process.terminate()
                server.process.waitUntilExit()
            }
        }
        for _ in 0..<replicas {
            let port = try LoopbackPort.free()
            let server = Process()
            server.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            server.arguments = ["serve", "--port", String(port), "--db", served, "--log-level", "error"]
                + (groupCommit.map { [$0 ? "--group-commit" : "--no-group-commit"] } ?? [])
            try server.run()
            servers.append((server, port))
            try await LoopbackPort.waitForHealth(port: port)
        }
        try await uploadReference(port: servers[0].port, schema: schema)
        // One wrk per replica, each with its share of the connections and its own id prefix.
        let results = try await withThrowingTaskGroup(of: WrkResult.self) { group in
            for (index, server) in servers.enumerated() {
                let script = folder.appendingPathComponent("events-\(index).lua")
                try WrkScript.events(schema: schema, batch: batch, salt: index)
                    .write(to: script, atomically: true, encoding: .utf8)
                let share = max(1, connections / replicas)
                let (seconds, port) = (self.seconds, server.port)
                group.addTask {
                    WrkResult(try Self.capture(wrk, [
                        "-t2", "-c\(share)", "-d\(seconds)s", "--timeout", "10s", "--latency", "-s", script.path,
                        "http://127.0.0.1:\(port)/v1/models/bench/events",
                    ]))
                }
            }
            var all: [WrkResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        var result = results[0]
        result.requestsPerSecond = results.reduce(0) { $0 + $1.requestsPerSecond }
        result.errors = results.reduce(0) { $0 + $1.errors }
        let serverPeak = Self.peakResidentMiB(pid: servers[0].process.processIdentifier)
        let eventsPerSecond = result.requestsPerSecond * Double(batch)
        let engine = db.map { "PostgreSQL \((try? PostgresURL($0))?.redacted ?? "")" } ?? "SQLite"
        print("Driftwatch ingest benchmark: \(engine), \(replicas) server process(es), group commit \(groupCommit.map { $0 ? "on" : "off" } ?? "default"), \(connections) connections, batches of \(batch) events (20 numeric + 5 categorical), \(seconds) s")
        print("")
        print(renderTable([
            ["measure", "value"],
            ["HTTP events/s (wrk, loopback)", String(format: "%.0f", eventsPerSecond)],
            ["HTTP requests/s", String(format: "%.0f", result.requestsPerSecond)],
            ["request latency p50\(replicas > 1 ? " (first replica)" : "")", result.p50],
            ["request latency p99", result.p99],
            ["non-2xx responses", String(result.errors)],
            ["events ingested", String(format: "%.0f", eventsPerSecond * Double(seconds))],
            ["raw store insert events/s (same layout, batches of \(batch))", String(format: "%.0f", raw)],
            ["HTTP / raw store", String(format: "%.0f%%", raw > 0 ? 100 * eventsPerSecond / raw : 0)],
            ["server peak RSS", serverPeak.map { String(format: "%.0f MiB", $0) } ?? "n/a"],
        ]))
    }

    /// Events per second that the store itself inserts, batches of `batch`, no HTTP.
    private func rawStoreRate(schema: ModelSchema, location: String) throws -> Double {
        let store = try StoreOpener.open(location)
        defer { try? store.close() }
        let model = ModelName("bench-raw")!
        let columns = schema.features.map { spec -> (String, ColumnValues) in
            spec.type == .numeric ? (spec.name, .numeric([0, 1, 2])) : (spec.name, .categorical(CategoricalColumn(values: ["a", "b"])))
        }
        let prepared = try ReferenceBuilder.prepare(columns: columns)
        try store.saveReference(model: model, schema: schema, profile: prepared.profile, rowCount: 3, at: 0)
        let events = StoreBenchmark.events(count: rawEvents, schema: schema)
        return try StoreBenchmark.insertRate(store: store, model: model, events: events, batchSize: batch).eventsPerSecond
    }

    private func uploadReference(port: Int, schema: ModelSchema) async throws {
        var lines = [schema.features.map(\.name).joined(separator: ",") + ",prediction,label"]
        for row in 0..<2_000 {
            let values = schema.features.map { spec in
                spec.type == .numeric ? String(Double(row % 97) / 10 - 5) : "cat_\(row % 10)"
            }
            lines.append(values.joined(separator: ",") + ",\(row % 2),\(row % 2)")
        }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/models/bench/reference")!)
        request.httpMethod = "PUT"
        request.setValue("text/csv", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(lines.joined(separator: "\n").utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 201 else {
            throw ValidationError("reference upload failed: \(response)")
        }
    }

    static func which(_ tool: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func peakResidentMiB(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Double(fields[1]) { return kib / 1024 }
        }
        return nil
    }
}
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
