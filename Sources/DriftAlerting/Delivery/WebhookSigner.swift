import Crypto
public import Foundation

/// Signs webhook requests the Standard Webhooks way, and verifies such signatures.
///
/// Standard Webhooks, "Signature scheme" (https://www.standardwebhooks.com, spec version 1.0.0): the
/// content signed is `{webhook-id}.{webhook-timestamp}.{body}`, the MAC is HMAC-SHA256 keyed with the
/// secret's decoded bytes, and the `webhook-signature` header carries `v1,` followed by the MAC in
/// standard base64. The header may list several space-separated signatures (to rotate secrets without
/// downtime); a receiver accepts the request when any `v1` signature matches. The id stays the same on
/// every retry of one notification, the timestamp is that of the attempt, so each attempt is signed anew.
public struct WebhookSigner: Sendable {
    /// The header names, lowercase as the specification writes them.
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"

    /// The key, or nil to send unsigned (the receiver has no `secret_env`).
    public let secret: WebhookSecret?

    public init(secret: WebhookSecret?) {
        self.secret = secret
    }

    /// `v1,<base64 HMAC-SHA256 over "id.timestamp.body">`.
    /// - Parameter timestamp: Unix seconds, as sent in `webhook-timestamp`.
    public static func signature(id: String, timestamp: Int64, body: some DataProtocol, secret: WebhookSecret) -> String
    {
        "v1," + Data(mac(id: id, timestamp: timestamp, body: body, secret: secret)).base64EncodedString()
    }

    /// The three headers for one attempt: `webhook-id`, `webhook-timestamp` and, when there is a secret,
    /// `webhook-signature`, in that order.
    /// - Parameter timestamp: the attempt's time in Unix seconds.
    public func headers(id: String, timestamp: Int64, body: some DataProtocol) -> [(name: String, value: String)] {
        var headers = [(name: Self.idHeader, value: id), (name: Self.timestampHeader, value: String(timestamp))]
        if let secret {
            headers.append(
                (name: Self.signatureHeader, value: Self.signature(id: id, timestamp: timestamp, body: body, secret: secret)))
        }
        return headers
    }

    /// Whether `signatureHeader` (one or more space-separated `version,base64` entries) holds a `v1` entry
    /// that is the HMAC-SHA256 of `id.timestamp.body` under `secret`. Entries of other versions (such as
    /// `v1a`) and malformed entries are ignored. The comparison takes constant time (swift-crypto's
    /// `isValidAuthenticationCode`), as the specification asks.
    ///
    /// - Parameters:
    ///   - timestamp: the `webhook-timestamp` header's text; it must be an integer.
    ///   - body: the raw body bytes as received, before any JSON parsing.
    ///   - now: when given, the current time in Unix seconds: the timestamp must be within `tolerance`
    ///     seconds of it, against replays. Nil skips that check.
    public static func verify(
        signatureHeader: String, id: String, timestamp: String, body: some DataProtocol, secret: WebhookSecret,
        now: Int64? = nil, tolerance: Int64 = 300
    ) -> Bool {
        guard let seconds = Int64(timestamp) else { return false }
        if let now {
            let (age, overflow) = now.subtractingReportingOverflow(seconds)
            guard !overflow, age.magnitude <= tolerance.magnitude else { return false }
        }
        let content = signedContent(id: id, timestamp: seconds, body: body)
        let key = SymmetricKey(data: secret.keyBytes)
        for entry in signatureHeader.split(separator: " ", omittingEmptySubsequences: true) {
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let mac = Data(base64Encoded: String(parts[1])) else { continue }
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: key) { return true }
        }
        return false
    }

    /// The bytes signed: `id.timestamp.body`.
    static func signedContent(id: String, timestamp: Int64, body: some DataProtocol) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        return content
    }

    private static func mac(id: String, timestamp: Int64, body: some DataProtocol, secret: WebhookSecret) -> [UInt8] {
        let code = HMAC<SHA256>.authenticationCode(
            for: signedContent(id: id, timestamp: timestamp, body: body), using: SymmetricKey(data: secret.keyBytes))
        return Array(code)
    }
}
