import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A `driftwatch serve` process on a free loopback port, for tests that need the real binary.
final class ServerProcess: @unchecked Sendable {
    private(set) var port: Int
    let databasePath: String
    private var process = Process()
    /// A session of its own: requests of other tests in the same process (URLSession.shared) never queue
    /// in front of this server's health checks.
    private let session = URLSession(configuration: .ephemeral)

    /// Starts the server and waits until `/healthz` answers (at most 90 s: a loaded CI machine can be slow to start it).
    /// Its output goes to `logFile` (appended; never a pipe, which a chatty server could fill and block on), or
    /// nowhere. A server that does not come up is killed before the error is thrown.
    ///
    /// A process that is still running but does not answer after 45 s is described on stderr (what it runs,
    /// where its threads wait, from /proc, and their backtraces from gdb), killed, and started once more (on
    /// a new port unless `port` was given).
    init(
        databasePath: String, port: Int? = nil, extraArguments: [String] = [], environment: [String: String] = [:],
        logFile: URL? = nil
    ) async throws {
        self.port = try port ?? Self.freePort()
        self.databasePath = databasePath
        for attempt in 1...2 {
            if attempt == 2 {
                if port == nil { self.port = try Self.freePort() }
                process = Process()
            }
            try launch(extraArguments: extraArguments, environment: environment, logFile: logFile)
            let wait: TimeInterval = attempt == 1 ? 45 : 90
            let lastAnswer = try await waitForHealth(seconds: wait)
            guard let lastAnswer else { return }
            let description = Self.describe(process.processIdentifier) + Self.sockets(onPort: self.port)
            kill9()
            let logTail = logFile.flatMap { try? Data(contentsOf: $0).suffix(2_000) }
                .map { String(decoding: $0, as: UTF8.self) }
            FileHandle.standardError.write(
                Data(
                    ("server on port \(self.port) not ready after \(Int(wait)) s (attempt \(attempt) of 2); "
                        + "last /healthz: \(lastAnswer)\n\(description)"
                        + (logTail.map { "its log ends:\n\($0)\n" } ?? "")).utf8))
        }
        throw ServerError.notReady
    }

    /// Starts `driftwatch serve` on ``port``.
    private func launch(extraArguments: [String], environment: [String: String], logFile: URL?) throws {
        process.executableURL = BinaryRunner.executable
        // Debug-level lines when they are kept (a log file): they show how far a start that stalls got, and
        // the service group's own steps (swift-service-lifecycle logs a service that ends, and a shutdown,
        // at debug level only).
        let level = logFile == nil ? "warning" : "debug"
        process.arguments = ["serve", "--port", String(port), "--db", databasePath, "--log-level", level]
            + extraArguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let logFile {
            if !FileManager.default.fileExists(atPath: logFile.path) {
                _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: logFile)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
    }

    /// Polls `/healthz` until it answers 200 (nil) or `seconds` pass (the last answer); throws if the
    /// process exits.
    ///
    /// Each probe first connects a plain TCP socket, so that a refusal is reported with its errno, then sends
    /// the request through a session of its own. (A server that had logged it listened has been refused at
    /// the TCP connect itself for 45 s, errno 111, while `ss` showed it listening: the refusal comes from
    /// below the HTTP client.)
    private func waitForHealth(seconds: TimeInterval) async throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        var lastAnswer = "no answer"
        while Date() < deadline {
            if let refusal = Self.connectError(port: port) {
                lastAnswer = "TCP connect: \(refusal)"
            } else {
                do {
                    let (status, body) = try await probe("/healthz")
                    if status == 200 { return nil }
                    lastAnswer = "HTTP \(status): \(String(decoding: body.prefix(300), as: UTF8.self))"
                } catch {
                    lastAnswer = "\(error)"
                }
            }
            guard process.isRunning else { throw ServerError.exited(process.terminationStatus) }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                kill9()
                throw error
            }
        }
        return lastAnswer
    }

    /// What process `pid` runs and where each of its threads waits (Linux /proc; empty elsewhere).
    private static func describe(_ pid: Int32) -> String {
        let root = "/proc/\(pid)"
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/exe")) ?? "?"
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/task")) ?? []
        let waits = threads.sorted().map { thread in
            let task = "\(root)/task/\(thread)"
            let name = (try? String(contentsOfFile: "\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            let channel = (try? String(contentsOfFile: "\(task)/wchan", encoding: .utf8)) ?? "?"
            return "  thread \(thread) \(name): waits in \(channel)"
        }
        return "process \(pid) runs \(executable), \(threads.count) threads:\n" + waits.joined(separator: "\n") + "\n"
            + backtraces(pid)
    }

    /// The machine's TCP sockets on `port`, listening or not, with their owners (`ss -tanp`, when installed):
    /// whether anything listens where the health check is refused.
    private static func sockets(onPort port: Int) -> String {
        guard let ss = ["/usr/bin/ss", "/bin/ss", "/usr/sbin/ss"].first(where: FileManager.default.isExecutableFile)
        else { return "" }
        let output = run(ss, ["-tanp"], seconds: 10)
        let lines = output.split(separator: "\n").filter { $0.contains(":\(port) ") || $0.hasPrefix("State") }
        return "TCP sockets on port \(port) (ss -tanp):\n" + lines.joined(separator: "\n") + "\n"
    }

    /// The standard output and error of `executable` with `arguments`, stopped after `seconds`.
    private static func run(_ executable: String, _ arguments: [String], seconds: TimeInterval) -> String {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("driftwatch-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        guard FileManager.default.createFile(atPath: output.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: output)
        else { return "" }
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: executable)
        tool.arguments = arguments
        tool.standardOutput = handle
        tool.standardError = handle
        guard (try? tool.run()) != nil else { return "" }
        let deadline = Date().addingTimeInterval(seconds)
        while tool.isRunning && Date() < deadline { usleep(100_000) }
        if tool.isRunning { tool.terminate() }
        tool.waitUntilExit()
        try? handle.close()
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// 127.0.0.1:`port` as a socket address.
    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Every thread's backtrace of process `pid`, from gdb when the machine has it (at most 60 s).
    private static func backtraces(_ pid: Int32) -> String {
        guard let gdb = ["/usr/bin/gdb", "/usr/local/bin/gdb"].first(where: FileManager.default.isExecutableFile)
        else { return "" }
        let text = run(gdb, ["-p", String(pid), "-batch", "-ex", "thread apply all bt 40"], seconds: 60)
        return "gdb backtraces:\n" + text.split(separator: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }
            .joined(separator: "\n") + "\n"
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    enum ServerError: Error {
        case notReady
        case exited(Int32)
    }

    /// Sends `signal` (e.g. SIGHUP) to the process.
    func send(signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Kills the process with SIGKILL, as a crash would, and waits for it (bounded: SIGKILL cannot be caught).
    func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the process with SIGTERM, waits for it, and returns how it ended.
    @discardableResult
    func stop() -> (status: Int32, exited: Bool) {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return (process.terminationStatus, process.terminationReason == .exit)
    }

    /// `GET path` through a fresh ephemeral session, invalidated after it.
    private func probe(_ path: String) async throws -> (Int, Data) {
        let probeSession = URLSession(configuration: .ephemeral)
        defer { probeSession.invalidateAndCancel() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 10
        let (data, response) = try await probeSession.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Nil when a TCP connection to 127.0.0.1:`port` is accepted (it is closed at once); otherwise why not
    /// (errno and its text).
    static func connectError(port: Int) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return "socket() failed: errno \(errno) (\(String(cString: strerror(errno))))" }
        defer { close(descriptor) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                connect(descriptor, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        return connected ? nil : "errno \(errno) (\(String(cString: strerror(errno))))"
    }

    /// Sends a request to the server; returns status and body.
    func request(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json")
        async throws -> (Int, Data)
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// A loopback port nobody listens on right now.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError.notReady }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw ServerError.notReady }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
