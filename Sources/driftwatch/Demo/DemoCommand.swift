import ArgumentParser
import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftServer
import DriftStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `driftwatch demo`: the whole product in one command. A server on an embedded SQLite store in a
/// temporary directory, a bundled loan-default reference, a local webhook receiver that verifies
/// signatures, three simulated days of traffic through the real HTTP API on an accelerated clock (stable,
/// covariate drift, concept drift) with labels arriving hours late, alerts, a retrain trigger, and the
/// static dashboards.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole loop on simulated traffic: ingestion, windows, alerts, webhooks, dashboards.",
        discussion: """
            Starts a server on a free loopback port with its store in a temporary directory, uploads the bundled \
            reference (examples/loans_reference.csv), starts a webhook receiver that verifies signatures and \
            prints each alert, streams simulated hours of traffic through the HTTP API (a stable day, a day of \
            covariate drift, a day of concept drift; labels arrive 3 hours late, 9 in the concept-drift day, so \
            the estimated-accuracy alert leads the realised one), then renders the dashboards \
            and prints a summary. Version v1 serves 80% of requests and a canary v2 20% (worse after the \
            concept drift), a shadow v3 scores v1's requests, and every request carries a region tag (the \
            covariate drift starts in eu); the summary ends with the v1–v2 comparison of the last phase. Leaves nothing running unless --keep is given.
            """
    )

    @Flag(help: "Keep the server running after the demo (Ctrl-C stops it), to explore with curl.")
    var keep = false

    @Option(help: "Where the dashboards are written.")
    var out = "dashboards/site"

    @Option(help: "The reference CSV (default: examples/loans_reference.csv from the checkout).")
    var reference: String?

    @Option(help: "Simulated hours of traffic (split into three equal phases).")
    var hours = 72

    @Option(help: "Events per simulated hour.")
    var eventsPerHour = 300

    @Option(help: "Random seed of the traffic.")
    var seed: UInt64 = 20_260_105

    /// Labels arrive this many hours after their events.
    static let labelDelayHours = 3
    /// ... except in the concept-drift phase, where they take this long: the estimated-accuracy alert
    /// fires on the scores alone, hours before the labels let the realised one fire.
    static let conceptDriftLabelDelayHours = 9
    /// The simulated start: 2026-01-05T00:00:00Z.
    static let origin: Int64 = 1_767_571_200_000
    static let hour: Int64 = 3_600_000
    static let model = "loan-default"
    /// The segment key of the demo model: a tag of every event.
    static let segmentKey = "region"

    func validate() throws {
        guard (6...2_000).contains(hours) else { throw ValidationError("--hours must be between 6 and 2000") }
        guard (100...20_000).contains(eventsPerHour) else {
            throw ValidationError("--events-per-hour must be between 100 and 20000 (min_samples is 100)")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let referencePath = try locateReference()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = try DemoEnvironment(folder: folder, out: out, keep: keep)
        defer { try? environment.store.close() }

        let running = Task { try await environment.group.run() }
        do {
            try await LoopbackPort.waitForHealth(port: environment.serverPort)
            say("Driftwatch demo: server on http://127.0.0.1:\(environment.serverPort), store \(environment.storePath)")
            say("webhook receiver on http://127.0.0.1:\(environment.receiverPort) (verifies every signature)")
            let client = DemoClient(base: "http://127.0.0.1:\(environment.serverPort)")
            let csv = try Data(contentsOf: URL(fileURLWithPath: referencePath))
            let uploaded = try await client.expect(
                201, "PUT", "/v1/models/\(Self.model)/reference", body: csv, contentType: "text/csv")
            say("reference: \(uploaded["rows"] ?? "?") rows of \(referencePath) → model \(Self.model), task \(uploaded["task"] ?? "?")")
            let stream = TrafficStream(
                client: client, clock: environment.clock, hours: hours, eventsPerHour: eventsPerHour, seed: seed,
                say: say, flushReceiver: { [printer = environment.printer] in printer.flush() })
            let totals = try await stream.run()
            try await stream.waitForDeliveries()
            environment.printer.release()
            var report = try await DemoSummary.collect(client: client, tally: environment.receiver.tally)
            report.comparison = try await DemoComparison.collect(
                client: client, from: Self.origin + Int64(stream.conceptDriftStart) * Self.hour,
                to: Self.origin + Int64(hours) * Self.hour)
            report.regions = try await DemoRegions.collect(client: client)
            let site = try environment.renderDashboards()
            let seconds = (ContinuousClock.now - started).fractionalSeconds
            say("")
            say(report.text(totals: totals, seconds: seconds, site: site))
        } catch {
            await environment.group.triggerGracefulShutdown()
            _ = try? await running.value
            printError("error: demo failed: \(error)")
            throw ExitCode(1)
        }
        if keep {
            say("")
            say("--keep: the server stays up until Ctrl-C. Try:")
            say("  curl -s http://127.0.0.1:\(environment.serverPort)/v1/models/\(Self.model)/windows | head -c 600")
            say("  curl -s http://127.0.0.1:\(environment.serverPort)/v1/alerts")
            say("  curl -s http://127.0.0.1:\(environment.serverPort)/metrics | grep driftwatch_feature_psi")
            say("  store: \(environment.storePath)")
        } else {
            await environment.group.triggerGracefulShutdown()
        }
        try await running.value
    }

    /// The reference CSV: the option, else `examples/loans_reference.csv` under the current directory or
    /// above the executable.
    private func locateReference() throws -> String {
        if let reference {
            guard FileManager.default.fileExists(atPath: reference) else {
                printError("error: \(reference): no such file")
                throw ExitCode(2)
            }
            return reference
        }
        var candidates = [FileManager.default.currentDirectoryPath]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.path)
            directory.deleteLastPathComponent()
        }
        for base in candidates {
            let path = URL(fileURLWithPath: base).appendingPathComponent("examples/loans_reference.csv").path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        printError("error: cannot find examples/loans_reference.csv (looked under \(candidates[0]) and above the "
            + "executable); run from the checkout or pass --reference FILE")
        throw ExitCode(2)
    }

}

/// Prints one line of the demo's output at once (stdout may be a pipe).
@Sendable func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
