public import Foundation

/// Where a receiver's notifications go and how (API.md, "File shapes").
public enum ReceiverKind: String, CaseIterable, Hashable, Sendable {
    /// A signed JSON POST in Alertmanager's webhook payload shape to `url`.
    case webhook
    /// The same signed POST to a retraining trigger, at most once per `retrain_cooldown` per model.
    case retrain
    /// Prometheus Alertmanager: `url` is its base URL; `/api/v2/alerts` is appended.
    case alertmanager
}

/// A declared destination for alerts.
///
/// ```yaml
/// receivers:
///   - name: oncall                 # required, unique across all files
///     kind: webhook                # required: webhook | retrain | alertmanager
///     url: https://hooks.example.com/driftwatch   # required, http or https
///     secret_env: DRIFTWATCH_ONCALL_SECRET        # optional: env var holding the signing secret
///     send_resolved: true          # optional, default true
///     retrain_cooldown: 24h        # retrain receivers only, default 24h
/// ```
/// The secret's value is never in the file and is not read by the loader.
public struct Receiver: Hashable, Sendable {
    /// Unique name rules refer to.
    public let name: String
    /// How notifications are delivered.
    public let kind: ReceiverKind
    /// Absolute http(s) URL.
    public let url: URL
    /// Name of the environment variable holding the `whsec_<base64>` signing secret; nil sends unsigned.
    public let secretEnv: String?
    /// Whether a notification is sent when an alert resolves. Default true.
    public let sendResolved: Bool
    /// For `retrain` receivers, the least time between two triggers for one model (default 24h); nil otherwise.
    public let retrainCooldown: Duration?
    /// Where the receiver is declared (its first key).
    public let location: SourceLocation

    /// The default `retrain_cooldown`.
    public static let defaultRetrainCooldown: Duration = .seconds(24 * 3_600)

    /// A receiver; `retrainCooldown` should be nil unless `kind` is `.retrain`.
    public init(
        name: String, kind: ReceiverKind, url: URL, secretEnv: String? = nil, sendResolved: Bool = true,
        retrainCooldown: Duration? = nil, location: SourceLocation
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secretEnv = secretEnv
        self.sendResolved = sendResolved
        self.retrainCooldown = retrainCooldown
        self.location = location
    }
}
