public import DriftCore
import DriftEvaluation
import Foundation
import Yams

/// How hard the store works to keep acknowledged data.
public enum DurabilitySetting: String, Sendable, Codable {
    /// WAL with synchronous=NORMAL: survives a killed process; the last commits may be lost on power loss.
    case normal
    /// synchronous=FULL: every commit is fsynced; survives power loss.
    case full
}

/// A bearer token as configured: its SHA-256 (hex) and what it may do.
public struct TokenConfiguration: Sendable, Codable, Equatable {
    public var name: String
    public var sha256: String
    public var scopes: [Scope]

    public init(name: String, sha256: String, scopes: [Scope]) {
        self.name = name
        self.sha256 = sha256
        self.scopes = scopes
    }
}

/// What a token may do (API.md, "Authentication").
public enum Scope: String, Sendable, Codable, CaseIterable {
    /// Post events and labels.
    case ingest
    /// Upload references, change configuration.
    case admin
    /// Read models, windows, alerts and metrics.
    case read
}

/// The server's configuration: the YAML file of API.md ("Server configuration"), then `DRIFTWATCH_*`
/// environment variables, then command-line flags, each overriding the one before.
public struct ServerConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var externalURL = "http://localhost:8080"
    public var storePath = "driftwatch.sqlite"
    public var durability = DurabilitySetting.normal
    /// `store.group_commit`: concurrent event batches are committed together, one transaction for the
    /// batches waiting at that moment, each acknowledged after that commit (``GroupCommitter``). Off, every
    /// batch is a transaction of its own. Nil (the default): the store decides
    /// (``IngestionStore/prefersGroupCommit``: PostgreSQL, and SQLite with `durability: full`).
    public var groupCommit: Bool?
    public var tokens: [TokenConfiguration] = []
    public var allowUnauthenticated = false
    /// `server.idle_timeout`: a connection with no request in flight is closed after this long.
    public var idleTimeoutMilliseconds: Int64 = 60_000
    /// `server.request_head_timeout`: a connection whose request line and headers have not all arrived
    /// this long after it opened (or after its previous response) is closed.
    public var requestHeadTimeoutMilliseconds: Int64 = 10_000
    /// `server.allowed_hosts`: host names (besides loopback names and the host of ``externalURL``) that
    /// requests may address when no tokens are configured.
    public var allowedHosts: [String] = []
    public var retentionMilliseconds: Int64 = 30 * 86_400_000
    public var retentionCheckMilliseconds: Int64 = 3_600_000
    public var limits = Limits()
    /// How often due windows are evaluated.
    public var evaluationIntervalMilliseconds: Int64 = 30_000
    /// `evaluation.state_save_interval`: the longest a window's state saved in the store lags the one in
    /// memory (a restart or another replica continues from it); 0 saves after every pass.
    public var stateSaveIntervalMilliseconds: Int64 = WindowStatePersistence.defaultSaveIntervalMilliseconds
    /// Window settings of every model (`models.default`) and per-model replacements (`models.<name>`).
    public var modelDefaults = ModelWindowSettings()
    public var modelOverrides: [String: ModelWindowSettings] = [:]
    /// Alert rules and notification delivery (`alerts:`).
    public var alerts = AlertsSettings()
    /// `dashboards.out`: the directory the static dashboards are rendered into (`driftwatch render`'s
    /// default output when set); nil = not configured.
    public var dashboardsOutput: String?
    /// `dashboards.templates`: the dashboards' templates directory; nil = looked up (`dashboards/templates`
    /// under the current directory, then above the executable).
    public var dashboardsTemplates: String?
    /// What `/metrics` exports of each model's latest window (`metrics:`).
    public var metrics = MetricsSettings()

    public init() {}

    /// Whether requests need a bearer token.
    public var requiresAuthentication: Bool { !tokens.isEmpty }

    /// Whether `host` is a loopback address (parsed, so `127.evil.example` is not).
    public var bindsLoopbackOnly: Bool { LoopbackAddress.isLoopback(host) }

    /// The host names a request may address when no tokens are configured, besides loopback names:
    /// the host of ``externalURL`` and ``allowedHosts``, lower-cased.
    public var acceptedHostNames: Set<String> {
        var names = Set(allowedHosts.map { $0.lowercased() })
        if let host = URLComponents(string: externalURL)?.host?.lowercased(), !host.isEmpty {
            names.insert(host.contains(":") ? "[\(host)]" : host)
        }
        return names
    }

    /// A warning to print at start-up when the server answers without tokens beyond loopback.
    public var exposureWarning: String? {
        guard !requiresAuthentication, !bindsLoopbackOnly, allowUnauthenticated else { return nil }
        return "WARNING: listening on \(host):\(port) WITHOUT AUTHENTICATION (--allow-unauthenticated): anyone who "
            + "can reach this address can upload references and send events. Configure auth.tokens "
            + "(see `driftwatch token`) unless a proxy in front of this server authenticates every request."
    }
}

/// A configuration problem, with the file and line where it applies.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(_ message: String) { self.message = message }
}

extension ServerConfiguration {
    /// The YAML file's shape; every key is optional.
    private struct File: Decodable {
        struct Server: Decodable {
            var host: String?
            var port: Int?
            var external_url: String?
            var idle_timeout: String?
            var request_head_timeout: String?
            var allowed_hosts: [String]?
        }
        struct Store: Decodable {
            var path: String?
            var durability: DurabilitySetting?
            var group_commit: Bool?
        }
        struct Auth: Decodable {
            var tokens: [TokenConfiguration]?
            var allow_unauthenticated: Bool?
        }
        struct FileLimits: Decodable {
            var max_body_bytes: Int?
            var max_batch_size: Int?
            var max_id_length: Int?
            var max_features: Int?
            var max_string_bytes: Int?
            var max_name_bytes: Int?
            var max_pending_labels: Int?
            var pending_label_horizon: String?
            var max_reference_bytes: Int?
        }
        var server: Server?
        var store: Store?
        var auth: Auth?
        struct Evaluation: Decodable {
            var interval: String?
            var multiple_testing: String?
            var state_save_interval: String?
        }
        var retention: String?
        var limits: FileLimits?
        var evaluation: Evaluation?
        var models: [String: ModelWindowSettings.File]?
        var alerts: AlertsSettings.File?
        struct Dashboards: Decodable {
            var out: String?
            var templates: String?
        }
        var dashboards: Dashboards?
        var metrics: MetricsSettings.File?
    }

    /// Reads a YAML configuration file over the defaults.
    public static func load(file path: String) throws(ConfigurationError) -> ServerConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("\(path): cannot read the configuration file")
        }
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text)
        } catch let error as YamlError {
            throw ConfigurationError("\(path): \(error)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigurationError("\(path): \(key): \(context.debugDescription)")
        } catch {
            throw ConfigurationError("\(path): \(error)")
        }
        var configuration = ServerConfiguration()
        if let server = file.server {
            configuration.host = server.host ?? configuration.host
            configuration.port = server.port ?? configuration.port
            configuration.externalURL = server.external_url ?? configuration.externalURL
            configuration.allowedHosts = server.allowed_hosts ?? configuration.allowedHosts
            if let text = server.idle_timeout {
                configuration.idleTimeoutMilliseconds = try positiveDuration(text, key: "\(path): server.idle_timeout")
            }
            if let text = server.request_head_timeout {
                configuration.requestHeadTimeoutMilliseconds = try positiveDuration(
                    text, key: "\(path): server.request_head_timeout")
            }
        }
        if let store = file.store {
            configuration.storePath = store.path ?? configuration.storePath
            configuration.durability = store.durability ?? configuration.durability
            if let groupCommit = store.group_commit { configuration.groupCommit = groupCommit }
        }
        if let auth = file.auth {
            configuration.tokens = auth.tokens ?? []
            configuration.allowUnauthenticated = auth.allow_unauthenticated ?? false
        }
        if let retention = file.retention {
            guard let value = DurationText.milliseconds(retention) else {
                throw ConfigurationError("\(path): retention: '\(retention)' is not a duration (e.g. 30d, 12h)")
            }
            configuration.retentionMilliseconds = value
        }
        if let limits = file.limits {
            configuration.limits.maxBodyBytes = limits.max_body_bytes ?? configuration.limits.maxBodyBytes
            configuration.limits.maxBatchSize = limits.max_batch_size ?? configuration.limits.maxBatchSize
            configuration.limits.maxIdLength = limits.max_id_length ?? configuration.limits.maxIdLength
            configuration.limits.maxFeatures = limits.max_features ?? configuration.limits.maxFeatures
            configuration.limits.maxStringBytes = limits.max_string_bytes ?? configuration.limits.maxStringBytes
            configuration.limits.maxNameBytes = limits.max_name_bytes ?? configuration.limits.maxNameBytes
            configuration.limits.maxPendingLabels = limits.max_pending_labels ?? configuration.limits.maxPendingLabels
            configuration.limits.maxReferenceBytes = limits.max_reference_bytes ?? configuration.limits.maxReferenceBytes
            if let text = limits.pending_label_horizon {
                configuration.limits.pendingLabelHorizonMilliseconds = try positiveDuration(
                    text, key: "\(path): limits.pending_label_horizon")
            }
        }
        if let interval = file.evaluation?.interval {
            guard let value = DurationText.milliseconds(interval), value > 0 else {
                throw ConfigurationError("\(path): evaluation.interval: '\(interval)' is not a duration (e.g. 30s)")
            }
            configuration.evaluationIntervalMilliseconds = value
        }
        if let interval = file.evaluation?.state_save_interval {
            guard let value = DurationText.milliseconds(interval), value >= 0 else {
                throw ConfigurationError(
                    "\(path): evaluation.state_save_interval: '\(interval)' is not a duration (e.g. 60s, or 0s to save after every pass)")
            }
            configuration.stateSaveIntervalMilliseconds = value
        }
        if let method = file.evaluation?.multiple_testing {
            configuration.modelDefaults.multipleTesting = try ModelWindowSettings.File.multipleTesting(
                method, key: "\(path): evaluation.multiple_testing")
        }
        if let alerts = file.alerts { configuration.alerts = try alerts.applied(to: configuration.alerts, source: path) }
        if let dashboards = file.dashboards {
            configuration.dashboardsOutput = dashboards.out
            configuration.dashboardsTemplates = dashboards.templates
        }
        if let metrics = file.metrics {
            configuration.metrics.featureGauges = metrics.feature_gauges ?? configuration.metrics.featureGauges
            configuration.metrics.maxFeatures = metrics.max_features ?? configuration.metrics.maxFeatures
            configuration.metrics.maxSlices = metrics.max_slices ?? configuration.metrics.maxSlices
            if let scope = metrics.slice_gauges {
                configuration.metrics.sliceGauges = try MetricsSettings.sliceScope(scope, source: path)
            }
        }
        for (name, entry) in file.models ?? [:] {
            if name == "default" {
                configuration.modelDefaults = try entry.applied(to: configuration.modelDefaults, key: "\(path): models.default")
            }
        }
        for (name, entry) in file.models ?? [:] where name != "default" {
            configuration.modelOverrides[name] = try entry.applied(to: configuration.modelDefaults, key: "\(path): models.\(name)")
        }
        try configuration.validate(source: path)
        return configuration
    }

    /// Applies `DRIFTWATCH_HOST`, `_PORT`, `_DB`, `_DURABILITY`, `_RETENTION`, `_EXTERNAL_URL`,
    /// `_ALERTS_DIR` and `_ALLOW_UNAUTHENTICATED` from `environment`.
    public mutating func applyEnvironment(_ environment: [String: String]) throws(ConfigurationError) {
        if let host = environment["DRIFTWATCH_HOST"] { self.host = host }
        // Kubernetes sets DRIFTWATCH_PORT=tcp://10.0.0.1:8080 for a Service named `driftwatch` (its
        // "service links"); that is not ours to read, so a URL there is ignored rather than fatal.
        if let port = environment["DRIFTWATCH_PORT"], !port.contains("://") {
            guard let value = Int(port) else { throw ConfigurationError("DRIFTWATCH_PORT: '\(port)' is not a port number") }
            self.port = value
        }
        if let path = environment["DRIFTWATCH_DB"] { storePath = path }
        if let text = environment["DRIFTWATCH_METRICS_FEATURE_GAUGES"] {
            guard let value = Bool(text.lowercased()) else {
                throw ConfigurationError("DRIFTWATCH_METRICS_FEATURE_GAUGES: '\(text)' is not true or false")
            }
            metrics.featureGauges = value
        }
        if let url = environment["DRIFTWATCH_EXTERNAL_URL"] { externalURL = url }
        if let directory = environment["DRIFTWATCH_ALERTS_DIR"] { alerts.directory = directory }
        if let text = environment["DRIFTWATCH_DURABILITY"] {
            guard let value = DurabilitySetting(rawValue: text) else {
                throw ConfigurationError("DRIFTWATCH_DURABILITY: '\(text)' is not normal or full")
            }
            durability = value
        }
        if let text = environment["DRIFTWATCH_RETENTION"] {
            guard let value = DurationText.milliseconds(text) else {
                throw ConfigurationError("DRIFTWATCH_RETENTION: '\(text)' is not a duration (e.g. 30d)")
            }
            retentionMilliseconds = value
        }
        if let text = environment["DRIFTWATCH_ALLOW_UNAUTHENTICATED"] {
            allowUnauthenticated = ["1", "true", "yes"].contains(text.lowercased())
        }
        try validate(source: "environment")
    }

    /// A duration such as `60s` that must be positive.
    private static func positiveDuration(_ text: String, key: String) throws(ConfigurationError) -> Int64 {
        guard let value = DurationText.milliseconds(text), value > 0 else {
            throw ConfigurationError("\(key): '\(text)' is not a positive duration (e.g. 60s, 5m)")
        }
        return value
    }

    /// Checks the values that have a valid range.
    public func validate(source: String) throws(ConfigurationError) {
        guard (0...65_535).contains(port) else { throw ConfigurationError("\(source): port \(port) is out of range") }
        guard retentionMilliseconds > 0 else { throw ConfigurationError("\(source): retention must be positive") }
        try metrics.validate(source: source)
        for token in tokens {
            let hex = token.sha256.lowercased()
            guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                throw ConfigurationError("\(source): auth.tokens[\(token.name)].sha256 must be 64 hex digits")
            }
            guard !token.scopes.isEmpty else {
                throw ConfigurationError("\(source): auth.tokens[\(token.name)] has no scopes (ingest, admin, read)")
            }
        }
        guard limits.maxBodyBytes > 0, limits.maxBatchSize > 0, limits.maxIdLength > 0, limits.maxFeatures > 0,
            limits.maxStringBytes > 0, limits.maxNameBytes > 0, limits.maxPendingLabels >= 0,
            limits.maxReferenceBytes > 0, limits.pendingLabelHorizonMilliseconds > 0
        else {
            throw ConfigurationError("\(source): limits must be positive")
        }
        guard limits.maxBodyBytes <= 1 << 31, limits.maxReferenceBytes <= 1 << 34 else {
            throw ConfigurationError(
                "\(source): limits.max_body_bytes is at most 2 GiB and limits.max_reference_bytes at most 16 GiB")
        }
    }
}
