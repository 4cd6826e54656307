import DriftCore
/// How alert rules are loaded and notifications delivered (`alerts:` in the configuration file).
///
/// ```yaml
/// alerts: {dir: alerts, repeat_interval: 4h, max_delivery_age: 24h, retry_initial: 1s, retry_max: 5m,
///          request_timeout: 10s, dashboard_url: "https://dashboards.example.com/driftwatch"}
/// ```
/// Without `dir` (or `DRIFTWATCH_ALERTS_DIR`, `--alerts`) no rules are loaded and nothing is sent.
public struct AlertsSettings: Sendable, Equatable {
    /// The rule directory; nil disables alerting.
    public var directory: String?
    /// How often a still-firing alert is notified again.
    public var repeatIntervalMilliseconds: Int64 = 4 * 3_600_000
    /// How long delivery of one notification is retried before it is dead-lettered.
    public var maxDeliveryAgeMilliseconds: Int64 = 24 * 3_600_000
    /// The first retry's delay; each later one doubles, up to `retryMaxMilliseconds`.
    public var retryInitialMilliseconds: Int64 = 1_000
    public var retryMaxMilliseconds: Int64 = 300_000
    /// Per-request timeout of a webhook POST.
    public var requestTimeoutMilliseconds: Int64 = 10_000
    /// Where the static dashboards are published, for the `dashboard` link in notifications; default the
    /// local site directory as a `file://` URL.
    public var dashboardURL: String?

    public init() {}

    /// The YAML shape.
    struct File: Decodable {
        var dir: String?
        var repeat_interval: String?
        var max_delivery_age: String?
        var retry_initial: String?
        var retry_max: String?
        var request_timeout: String?
        var dashboard_url: String?

        func applied(to base: AlertsSettings, source: String) throws(ConfigurationError) -> AlertsSettings {
            var settings = base
            settings.directory = dir ?? base.directory
            settings.dashboardURL = dashboard_url ?? base.dashboardURL
            func duration(_ text: String?, _ key: String, _ current: Int64) throws(ConfigurationError) -> Int64 {
                guard let text else { return current }
                guard let value = DurationText.milliseconds(text), value > 0 else {
                    throw ConfigurationError("\(source): alerts.\(key): '\(text)' is not a positive duration (e.g. 4h)")
                }
                return value
            }
            settings.repeatIntervalMilliseconds = try duration(
                repeat_interval, "repeat_interval", base.repeatIntervalMilliseconds)
            settings.maxDeliveryAgeMilliseconds = try duration(
                max_delivery_age, "max_delivery_age", base.maxDeliveryAgeMilliseconds)
            settings.retryInitialMilliseconds = try duration(retry_initial, "retry_initial", base.retryInitialMilliseconds)
            settings.retryMaxMilliseconds = try duration(retry_max, "retry_max", base.retryMaxMilliseconds)
            settings.requestTimeoutMilliseconds = try duration(
                request_timeout, "request_timeout", base.requestTimeoutMilliseconds)
            return settings
        }
    }
}
