import DriftAlerting
import DriftCore
import DriftEvaluation
import DriftServer
import DriftStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Everything the demo runs: the store, the server with its alerting, the receiver, the clock.
struct DemoEnvironment {
    let store: SQLiteStore
    let storePath: String
    let serverPort: Int
    let receiverPort: Int
    let receiver: DemoReceiver
    /// Where the receiver's lines go.
    let printer = DemoPrinter()
    /// The evaluation clock (ms), moved forward by the traffic stream.
    let clock: Locked<Int64>
    let group: ServiceGroup
    let out: String

    init(folder: URL, out: String, keep: Bool) throws {
        storePath = folder.appendingPathComponent("demo.sqlite").path
        store = try SQLiteStore(path: storePath)
        serverPort = try LoopbackPort.free()
        receiverPort = try LoopbackPort.free()
        self.out = out
        let secretText = "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let printer = self.printer
        receiver = DemoReceiver(
            secret: try WebhookSecret(parsing: secretText, variable: "DEMO_WEBHOOK_SECRET"),
            print: { printer.print($0) })
        let rules = folder.appendingPathComponent("alerts")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try DemoRules.yaml(receiverPort: receiverPort)
            .write(to: rules.appendingPathComponent("demo.yaml"), atomically: true, encoding: .utf8)

        let clock = Locked(DemoCommand.origin)
        self.clock = clock
        let now: @Sendable () -> Int64 = { clock.withLock { $0 } }
        var configuration = ServerConfiguration()
        configuration.port = serverPort
        configuration.externalURL = "http://127.0.0.1:\(serverPort)"
        configuration.storePath = storePath
        configuration.evaluationIntervalMilliseconds = 20
        // The demo model's windows are sliced by region too (API.md, "Slices"), besides its versions.
        var demoModel = configuration.modelDefaults
        demoModel.segments.keys = [DemoCommand.segmentKey]
        configuration.modelOverrides[DemoCommand.model] = demoModel
        configuration.alerts.directory = rules.path
        configuration.alerts.retryInitialMilliseconds = 100
        // Twelve simulated hours between repeats of a still-firing alert keeps the output readable.
        configuration.alerts.repeatIntervalMilliseconds = 12 * DemoCommand.hour
        configuration.alerts.dashboardURL = URL(fileURLWithPath: out).absoluteURL.absoluteString
        var logger = Logger(label: "driftwatch-demo")
        logger.logLevel = .error
        let metrics = ServiceMetrics()
        let alerting = try configuration.makeAlerting(
            store: store, metrics: metrics, logger: logger, now: now,
            environment: { $0 == "DEMO_WEBHOOK_SECRET" ? secretText : nil })
        let evaluation = try configuration.makeEvaluationService(store: store, now: now)
        let application = buildApplication(
            configuration: configuration, store: store, evaluation: evaluation, logger: logger, metrics: metrics,
            now: now, alerting: alerting?.runtime, extraServices: alerting?.services ?? [])
        group = ServiceGroup(
            configuration: .init(
                services: [.init(service: application), .init(service: receiver.application(port: receiverPort))],
                gracefulShutdownSignals: keep ? [.sigterm, .sigint] : [], logger: logger))
    }
}
