import Foundation

/// A Standard Webhooks signing secret: the key bytes of a `whsec_<base64>` value.
///
/// Standard Webhooks ("Signature scheme", https://www.standardwebhooks.com) serialises symmetric secrets
/// as base64 prefixed with `whsec_`, and asks for at least 24 random bytes (192 bits). The secret's value
/// lives in an environment variable the receiver names (`secret_env`); it is never in a rule file, and
/// this type's `description` does not print it.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    /// The prefix that marks a symmetric Standard Webhooks secret.
    public static let prefix = "whsec_"
    /// The fewest key bytes accepted (Standard Webhooks: "At least 24 bytes").
    public static let minimumKeyLength = 24

    /// The HMAC key.
    public let keyBytes: [UInt8]

    /// The secret with these key bytes (no length check; for tests and callers that already hold a key).
    public init(keyBytes: [UInt8]) {
        self.keyBytes = keyBytes
    }

    /// Parses `whsec_<base64>`. Missing base64 padding is tolerated.
    /// - Parameter variable: the environment variable the value came from, named in the error.
    /// - Throws: ``DeliveryError/Code/malformedSecret`` when the prefix is missing, the rest is not base64, or it
    ///   decodes to fewer than ``minimumKeyLength`` bytes. The message never contains the value.
    public init(parsing text: String, variable: String) throws(DeliveryError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.prefix) else {
            throw DeliveryError(
                .malformedSecret,
                "the environment variable \(variable) must hold a Standard Webhooks secret, \"whsec_\" followed by "
                    + "base64 of at least \(Self.minimumKeyLength) random bytes (e.g. the output of "
                    + "`echo whsec_$(openssl rand -base64 32)`), but it does not start with \"whsec_\"")
        }
        var encoded = String(trimmed.dropFirst(Self.prefix.count))
        if encoded.count % 4 != 0 { encoded += String(repeating: "=", count: 4 - encoded.count % 4) }
        guard let data = Data(base64Encoded: encoded) else {
            throw DeliveryError(
                .malformedSecret,
                "the environment variable \(variable) holds \"whsec_\" followed by text that is not standard base64 "
                    + "(A–Z, a–z, 0–9, +, /); generate one with `echo whsec_$(openssl rand -base64 32)`")
        }
        guard data.count >= Self.minimumKeyLength else {
            throw DeliveryError(
                .malformedSecret,
                "the secret in \(variable) decodes to \(data.count) bytes; Standard Webhooks asks for at least "
                    + "\(Self.minimumKeyLength) random bytes: generate one with `echo whsec_$(openssl rand -base64 32)`")
        }
        keyBytes = Array(data)
    }

    /// Reads and parses the secret in the environment variable `variable`.
    /// - Throws: ``DeliveryError/Code/missingSecret`` when the variable is unset or empty,
    ///   ``DeliveryError/Code/malformedSecret`` as ``init(parsing:variable:)``.
    public static func fromEnvironment(
        _ variable: String, environment: (String) -> String? = WebhookSecret.processEnvironment
    ) throws(DeliveryError) -> WebhookSecret {
        guard let value = environment(variable), !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DeliveryError(
                .missingSecret,
                "the environment variable \(variable) is not set; it must hold the receiver's signing secret, "
                    + "\"whsec_\" followed by base64 (e.g. `export \(variable)=whsec_$(openssl rand -base64 32)`)")
        }
        return try WebhookSecret(parsing: value, variable: variable)
    }

    /// Every problem with the secrets of `receivers`: one error per receiver whose `secret_env` is unset or
    /// malformed, in the receivers' order, each naming the receiver and the variable. Empty when all are
    /// usable. Receivers without `secret_env` send unsigned and are not checked.
    public static func problems(
        receivers: some Sequence<Receiver>, environment: (String) -> String? = WebhookSecret.processEnvironment
    ) -> [DeliveryError] {
        receivers.compactMap { (receiver: Receiver) -> DeliveryError? in
            guard let variable = receiver.secretEnv else { return nil }
            do throws(DeliveryError) {
                _ = try fromEnvironment(variable, environment: environment)
                return nil
            } catch {
                return DeliveryError(error.code, "receiver \(receiver.name): \(error.message)")
            }
        }
    }

    /// Checks every receiver's secret at startup, so that the server can refuse to start rather than
    /// dead-letter every notification later.
    /// - Throws: a ``DeliveryError`` with the first problem's code and every problem's message, one per
    ///   line, when any receiver's `secret_env` is unset or malformed.
    public static func validate(
        receivers: some Sequence<Receiver>, environment: (String) -> String? = WebhookSecret.processEnvironment
    ) throws(DeliveryError) {
        let problems = problems(receivers: receivers, environment: environment)
        guard let first = problems.first else { return }
        throw DeliveryError(first.code, problems.map(\.message).joined(separator: "\n"))
    }

    /// The process's environment, read on each call.
    public static let processEnvironment: @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }

    /// Names the key's length, never its bytes.
    public var description: String { "WebhookSecret(\(keyBytes.count) bytes)" }
}
