/// How the alerter builds and repeats notifications.
public struct AlertingSettings: Sendable {
    /// How often a still-firing alert is notified again (`alerts.repeat_interval`, default 4h).
    public var repeatIntervalMilliseconds: Int64
    /// The server's public base URL (`server.external_url`), for `externalURL` and `generatorURL`.
    public var externalURL: String
    /// The public base URL of the static dashboards (`dashboards.url`); a model's page is
    /// `<url>/models/<model>/index.html`.
    public var dashboardURL: String
    /// Evaluation time in milliseconds (the injected clock).
    public var now: @Sendable () -> Int64

    /// The default `repeat_interval`: 4 hours.
    public static let defaultRepeatIntervalMilliseconds: Int64 = 4 * 3_600_000

    public init(
        repeatIntervalMilliseconds: Int64 = defaultRepeatIntervalMilliseconds,
        externalURL: String = "http://127.0.0.1:8080", dashboardURL: String = "dashboards/site",
        now: @escaping @Sendable () -> Int64
    ) {
        self.repeatIntervalMilliseconds = repeatIntervalMilliseconds
        self.externalURL = externalURL
        self.dashboardURL = dashboardURL
        self.now = now
    }
}
