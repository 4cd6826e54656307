import Foundation

/// Loopback host names and addresses, parsed rather than matched by prefix: `127.0.0.1`, any other
/// dotted-quad address in 127.0.0.0/8, `::1` and `localhost` — but not a name such as `127.evil.example`.
enum LoopbackAddress {
    /// Whether `host` (a name or an address, IPv6 optionally in brackets) is loopback.
    static func isLoopback(_ host: String) -> Bool {
        var text = host.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text == "localhost" || text == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
    }

    /// The host part of a `Host` header value (`name:port`, `[v6]:port`, `name`), lowercased.
    static func hostName(ofHostHeader value: String) -> String {
        let text = value.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return text }
            return String(text[...close])
        }
        if let colon = text.lastIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}
