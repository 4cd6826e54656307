import Crypto
import Foundation

/// Stable identifiers derived from content: the same input gives the same id on every run and replica.
enum Fingerprint {
    /// The first 16 hex digits of SHA-256 over the sorted `name=value` pairs (an alert's identity, as
    /// Alertmanager's `fingerprint`).
    static func labels(_ labels: [String: String]) -> String {
        hex(labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}"), digits: 16)
    }

    /// The first `digits` hex digits of SHA-256 over `text`.
    static func hex(_ text: String, digits: Int = 32) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
        return String(digest.map { String(format: "%02x", $0) }.joined().prefix(digits))
    }
}
