public import DriftCore
public import DriftEvaluation
public import ServiceLifecycle
import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// Assembles the HTTP application — routes, authentication, metrics, logging and background services
/// (retention, window evaluation) — from a configuration, an open store and its evaluator. `driftwatch serve` and the tests both call it, so tests
/// exercise the real wiring.
///
/// With `alerting`, the evaluation loop runs the alert rules after each pass, `GET /v1/alerts` reports
/// their states and notifications, and `extraServices` (the delivery service) run beside the server.
/// `afterEvaluation` runs after each pass that evaluated windows, with the names of the models whose
/// windows it evaluated (the dashboards re-render those there). Without `metrics`, one is made with
/// `configuration.metrics`.
public func buildApplication(
    configuration: ServerConfiguration, store: any StoragePort, evaluation: EvaluationService, logger: Logger,
    metrics: ServiceMetrics? = nil, now: @escaping @Sendable () -> Int64 = WallClock.system,
    alerting: AlertingRuntime? = nil, extraServices: [any Service] = [],
    afterEvaluation: @escaping @Sendable (Set<String>) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let metrics = metrics ?? ServiceMetrics(windowGauges: configuration.metrics)
    let authenticator = Authenticator(tokens: configuration.tokens)
    let router = Router(context: DriftRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware())
    if !configuration.requiresAuthentication {
        router.add(middleware: HostCheckMiddleware(allowedHosts: configuration.acceptedHostNames))
    }
    IngestRoutes(
        store: store,
        committer: configuration.groupCommit ?? store.prefersGroupCommit
            ? GroupCommitter(store: store, onCommit: { metrics.recordGroupCommit(batches: $0) }) : nil,
        authenticator: authenticator, metrics: metrics, limits: configuration.limits, bins: 10, now: now
    ).register(on: router)
    ReadRoutes(
        store: store, authenticator: authenticator, metrics: metrics,
        statuses: ModelStatusReader(store: store)
    ).register(on: router)
    WindowRoutes(store: store, authenticator: authenticator).register(on: router)
    SliceRoutes(store: store, authenticator: authenticator).register(on: router)
    CompareRoutes(store: store, authenticator: authenticator, bins: 10, now: now).register(on: router)
    AlertRoutes(store: store, rules: alerting?.rules, authenticator: authenticator, metrics: metrics)
        .register(on: router)
    let evaluationLoop = EvaluationLoop(
        evaluation: evaluation, alerting: alerting, metrics: metrics,
        intervalMilliseconds: configuration.evaluationIntervalMilliseconds, logger: logger,
        afterEvaluation: afterEvaluation)
    let retention = RetentionService(
        store: store, retentionMilliseconds: configuration.retentionMilliseconds,
        pendingLabelHorizonMilliseconds: configuration.limits.pendingLabelHorizonMilliseconds,
        intervalMilliseconds: configuration.retentionCheckMilliseconds, metrics: metrics, now: now, logger: logger)
    let idleTimeout = TimeAmount.milliseconds(configuration.idleTimeoutMilliseconds)
    let headTimeout = TimeAmount.milliseconds(configuration.requestHeadTimeoutMilliseconds)
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    RequestHeadTimeoutHandler(firstHeadTimeout: headTimeout, nextHeadTimeout: idleTimeout)
                ],
                idleTimeout: idleTimeout)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "driftwatch"),
        services: [retention, evaluationLoop] + extraServices,
        logger: logger)
}

/// Refuses configurations that would expose an unauthenticated server beyond loopback.
public func checkExposure(_ configuration: ServerConfiguration) throws(ConfigurationError) {
    if !configuration.requiresAuthentication && !configuration.bindsLoopbackOnly && !configuration.allowUnauthenticated {
        throw ConfigurationError(
            "refusing to listen on \(configuration.host) without authentication: configure auth.tokens "
                + "(see `driftwatch token`), bind to 127.0.0.1, or pass --allow-unauthenticated")
    }
}
