import Crypto
import Foundation

/// Checks bearer tokens against the configured SHA-256 hashes, in constant time, and their scopes.
public struct Authenticator: Sendable {
    private struct Entry {
        var name: String
        var digest: [UInt8]
        var scopes: Set<Scope>
    }

    private let entries: [Entry]

    public init(tokens: [TokenConfiguration]) {
        entries = tokens.map { token in
            Entry(name: token.name, digest: Self.bytes(hex: token.sha256.lowercased()), scopes: Set(token.scopes))
        }
    }

    /// Whether any token is configured; without one every request is allowed.
    public var isEnabled: Bool { !entries.isEmpty }

    /// Authorises an `Authorization` header value for `scope`; returns the token's name.
    func authorize(header: String?, scope: Scope) throws(APIError) -> String? {
        guard isEnabled else { return nil }
        guard let header, header.lowercased().hasPrefix("bearer ") else {
            throw APIError(.unauthorized, code: "unauthorized", "send 'Authorization: Bearer <token>'")
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        // Compare against every entry without stopping early, so timing reveals nothing about which matched.
        var match: Entry?
        for entry in entries where Self.constantTimeEqual(entry.digest, digest) {
            match = entry
        }
        guard let match else { throw APIError(.unauthorized, code: "unauthorized", "the bearer token is not valid") }
        guard match.scopes.contains(scope) else {
            throw APIError(.forbidden, code: "forbidden", "token '\(match.name)' lacks the '\(scope.rawValue)' scope")
        }
        return match.name
    }

    /// Compares two byte arrays in time that depends only on their length.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// A new random token (32 bytes, URL-safe base64) and its SHA-256 in hex.
    public static func makeToken() -> (token: String, sha256: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "dw_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (token, hexDigest(token))
    }

    /// The SHA-256 of a token in lowercase hex, as configured in `auth.tokens[].sha256`.
    public static func hexDigest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let byte = UInt8(String([high, low]), radix: 16) else { return [] }
            result.append(byte)
        }
        return result
    }
}
