import DriftCore
import ArgumentParser
import DriftAlerting
import DriftEvaluation
import DriftServer
import DriftStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging

/// `driftwatch serve`: the ingestion service on an embedded SQLite store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Driftwatch HTTP service.",
        discussion: """
            Settings come from the YAML file (--config), then DRIFTWATCH_* environment variables, then flags.
            Configuration keys (defaults in brackets):
              server.host [127.0.0.1]          DRIFTWATCH_HOST, --host
              server.port [8080]               DRIFTWATCH_PORT, --port
              server.external_url [http://localhost:8080]   DRIFTWATCH_EXTERNAL_URL; without tokens, requests
                                               must address a loopback name, this URL's host or server.allowed_hosts
              server.allowed_hosts [none]      more host names accepted without tokens (421 for any other Host)
              server.idle_timeout [60s]        close a connection with no request for this long
              server.request_head_timeout [10s]   close a new connection whose request line and headers have
                                               not all arrived by then (after a response: idle_timeout)
              store.path [driftwatch.sqlite]   DRIFTWATCH_DB, --db
              store.durability [normal]        DRIFTWATCH_DURABILITY: normal survives a killed process;
                                               full also survives power loss (fsync on every commit)
              store.group_commit [auto]        --[no-]group-commit: commit concurrent event batches together
                                               (each acknowledged after that commit); off, one transaction
                                               each; auto: on for PostgreSQL and durability: full
              auth.tokens [none]               list of {name, sha256, scopes: [ingest|admin|read]};
                                               create with `driftwatch token`
              auth.allow_unauthenticated [false]  DRIFTWATCH_ALLOW_UNAUTHENTICATED, --allow-unauthenticated:
                                               without tokens the server only binds to loopback unless set
              retention [30d]                  DRIFTWATCH_RETENTION: raw events older than this are deleted
              evaluation.interval [30s]        how often due windows are evaluated
              models.default.{window [1h], min_samples [100], allowed_lateness [5m], drift_method [psi],
                drift_threshold}; models.<name>.… replaces them for one model
              alerts.dir [none]                DRIFTWATCH_ALERTS_DIR, --alerts: rule files (*.yaml); without it no
                                               alerts are evaluated. Invalid rules or an unset secret_env refuse
                                               the start; SIGHUP reloads the rules (kept if the new ones are invalid)
              alerts.repeat_interval [4h]      re-send a still-firing alert this often
              alerts.max_delivery_age [24h]    retry a notification this long, then dead-letter it
              alerts.retry_initial [1s], alerts.retry_max [5m]   backoff between delivery attempts (with jitter)
              alerts.request_timeout [10s]     per webhook request
              alerts.dashboard_url [dashboards.out as file://]   base of the dashboard links in notifications
              limits.max_body_bytes [16777216], limits.max_batch_size [10000], limits.max_id_length [128],
              limits.max_features [1000], limits.max_string_bytes [4096]
              limits.max_name_bytes [256]      longest feature name, in events and reference headers alike
              limits.max_pending_labels [1000000]   labels per model waiting for their event (429 above)
              limits.pending_label_horizon [7d]     such labels are dropped after waiting this long
              limits.max_reference_bytes [268435456]   largest reference upload (413 above)
              dashboards.out [unset]           directory of the static dashboards, re-rendered after every
                                               evaluation pass that evaluated windows (see `driftwatch render`)
              dashboards.templates [dashboards/templates]   their templates (else searched above the binary)
            Stops gracefully on SIGTERM or SIGINT: stops accepting, finishes in-flight requests, closes the store.
            """
    )

    @Option(help: "YAML configuration file.")
    var config: String?

    @Option(help: "Address to listen on.")
    var host: String?

    @Option(help: "Port to listen on.")
    var port: Int?

    @Option(help: "SQLite database file.")
    var db: String?

    @Option(help: "Directory of alert rule files.")
    var alerts: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Commit concurrent event batches together (store.group_commit; default: on for PostgreSQL and durability: full).")
    var groupCommit: Bool?

    @Flag(help: "Allow listening beyond loopback without tokens.")
    var allowUnauthenticated = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        var logger = Logger(label: "driftwatch")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let settings: ServerConfiguration
        do {
            settings = try resolvedConfiguration()
            try checkExposure(settings)
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(2)
        }
        let store: any StoragePort
        do {
            store = try StoreOpener.open(settings.storePath, durability: settings.durability == .full ? .full : .normal)
        } catch {
            printError("error: cannot open store \(StoreOpener.describe(settings.storePath)): \(error)")
            throw ExitCode(2)
        }
        let evaluation: EvaluationService
        do {
            evaluation = try settings.makeEvaluationService(store: store)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let metrics = ServiceMetrics(windowGauges: settings.metrics)
        let alerting: AlertingAssembly?
        do {
            alerting = try settings.makeAlerting(store: store, metrics: metrics, logger: logger, now: WallClock.system)
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(2)
        }
        var dashboards: DashboardAutoRender?
        if let output = settings.dashboardsOutput {
            do {
                dashboards = try DashboardAutoRender(
                    store: store, output: output, templates: settings.dashboardsTemplates, now: WallClock.system,
                    logger: logger, onFailure: { metrics.recordRenderFailure() })
            } catch {
                printError("error: dashboards.out is set but \(error.message)")
                throw ExitCode(2)
            }
        }
        let application = buildApplication(
            configuration: settings, store: store, evaluation: evaluation, logger: logger, metrics: metrics,
            alerting: alerting?.runtime, extraServices: alerting?.services ?? [],
            afterEvaluation: { [dashboards] changed in await dashboards?.render(changed: changed) })
        logger.info("driftwatch listening", metadata: [
            "address": "\(settings.host):\(settings.port)", "store": "\(store.location)",
            "durability": "\(settings.durability.rawValue)",
            "authentication": "\(settings.requiresAuthentication ? "bearer tokens (\(settings.tokens.count))" : "OFF: no tokens configured")",
            "alerts": "\(alerting.map { "\($0.runtime.rules.rules.rules.count) rules from \(settings.alerts.directory ?? "")" } ?? "off")",
        ])
        if let warning = settings.exposureWarning {
            printError(warning)
            logger.warning("\(warning)")
        }
        // Let the service lifecycle's signal sources see SIGTERM/SIGINT: without this the default
        // disposition kills the process before a graceful shutdown can start (seen on Linux).
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        try await application.runService()
        do {
            try store.close()
        } catch {
            logger.error("closing the store failed", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        logger.info("driftwatch stopped: in-flight requests finished, store closed")
    }

    /// File, then environment, then flags.
    func resolvedConfiguration() throws(ConfigurationError) -> ServerConfiguration {
        var settings = ServerConfiguration()
        if let config { settings = try ServerConfiguration.load(file: config) }
        try settings.applyEnvironment(ProcessInfo.processInfo.environment)
        if let host { settings.host = host }
        if let port { settings.port = port }
        if let db { settings.storePath = db }
        if let alerts { settings.alerts.directory = alerts }
        if allowUnauthenticated { settings.allowUnauthenticated = true }
        if let groupCommit { settings.groupCommit = groupCommit }
        try settings.validate(source: "flags")
        return settings
    }
}
