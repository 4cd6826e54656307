public import DriftAlerting
public import DriftCore
import Foundation
public import Logging
public import ServiceLifecycle

/// The alerting part of a server, assembled from the configuration: the runtime the evaluation loop uses
/// and the background services (delivery, SIGHUP reload) that run beside the HTTP server.
public struct AlertingAssembly: Sendable {
    public let runtime: AlertingRuntime
    public let delivery: DeliveryService
    public let services: [any Service]
}

extension ServerConfiguration {
    /// Loads the rule directory, checks every receiver's signing secret, and builds the alerter and the
    /// delivery service; nil when no rule directory is configured.
    ///
    /// - Parameters:
    ///   - now: evaluation time (the injected clock of the evaluator), stamped on alerts.
    ///   - wallClock: real time, on which delivery and `max_delivery_age` run.
    ///   - environment: where `secret_env` variables are read.
    /// - Throws: ``ConfigurationError`` listing every rule problem (`file:line:column: message`) or every
    ///   missing or malformed secret: the server refuses to start rather than run without its alerts.
    public func makeAlerting(
        store: any StoragePort, metrics: ServiceMetrics, logger: Logger, now: @escaping @Sendable () -> Int64,
        wallClock: @escaping @Sendable () -> Int64 = WallClock.system,
        environment: @escaping @Sendable (String) -> String? = WebhookSecret.processEnvironment
    ) throws(ConfigurationError) -> AlertingAssembly? {
        guard let directory = alerts.directory else { return nil }
        let rules: RuleBook
        do {
            rules = try RuleBook.load(directory: directory)
        } catch {
            throw ConfigurationError(
                error.errors.map(\.description).joined(separator: "\n")
                    + "\n\(error.errors.count) problem(s) in the alert rules in \(directory); fix them "
                    + "(`driftwatch check-config \(directory)`) before starting")
        }
        for warning in rules.rules.receivers.compactMap(ReceiverAddressCheck.warning(for:)) {
            logger.warning("\(warning)")
        }
        do {
            try WebhookSecret.validate(receivers: rules.rules.receivers, environment: environment)
        } catch {
            throw ConfigurationError("\(directory): \(error.message)")
        }
        let delivery: DeliveryService
        do {
            delivery = try DeliveryService(
                store: store,
                settings: DeliverySettings(
                    requestTimeout: .milliseconds(alerts.requestTimeoutMilliseconds),
                    initialBackoff: .milliseconds(alerts.retryInitialMilliseconds),
                    maxBackoff: .milliseconds(alerts.retryMaxMilliseconds),
                    maxDeliveryAge: .milliseconds(alerts.maxDeliveryAgeMilliseconds)),
                observer: DeliveryMetricsObserver(metrics: metrics), environment: environment, now: wallClock,
                logger: logger)
        } catch {
            throw ConfigurationError("alerts: \(error.message)")
        }
        let settings = AlertingSettings(
            repeatIntervalMilliseconds: alerts.repeatIntervalMilliseconds, externalURL: externalURL,
            dashboardURL: alerts.dashboardURL ?? localDashboardURL, now: now)
        let alerter = Alerter(store: store, rules: rules, settings: settings, wallClock: wallClock)
        metrics.recordRulesLoaded(rules.rules.rules.count)
        let runtime = AlertingRuntime(rules: rules, alerter: alerter, notificationsQueued: { delivery.wake() })
        let reload = RuleReloadService(rules: rules, metrics: metrics, logger: logger)
        return AlertingAssembly(runtime: runtime, delivery: delivery, services: [delivery, reload])
    }

    /// The default dashboard link base: `dashboards.out` (else `dashboards/site`) as a `file://` URL.
    var localDashboardURL: String {
        URL(fileURLWithPath: dashboardsOutput ?? "dashboards/site").absoluteURL.absoluteString
    }
}
