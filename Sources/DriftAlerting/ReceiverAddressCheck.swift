import Foundation

/// Receiver URLs that point where a webhook should never go: link-local addresses (169.254.0.0/16,
/// fe80::/10) and the cloud instance-metadata services (AWS, GCP, Azure, Alibaba, Oracle), whose answers
/// hold credentials. A rule file that sends alerts there is a mistake or an attempt at server-side
/// request forgery; `driftwatch check-config` and `serve` warn about it.
public enum ReceiverAddressCheck {
    /// Host names of metadata services that are not link-local addresses.
    static let metadataHostNames: Set<String> = [
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
        "100.100.100.200", "fd00:ec2::254",
    ]

    /// A warning for `receiver`, or nil when its address is unremarkable.
    public static func warning(for receiver: Receiver) -> String? {
        guard let reason = concern(host: receiver.url.host ?? "") else { return nil }
        return "\(receiver.location): warning: receiver '\(receiver.name)' posts to \(receiver.url.host ?? ""), \(reason); "
            + "alerts sent there never reach a person, and the address may expose credentials"
    }

    /// Why `host` is a suspicious destination, or nil.
    static func concern(host rawHost: String) -> String? {
        var host = rawHost.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if metadataHostNames.contains(host) { return "a cloud instance-metadata service" }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            let address = UInt32(bigEndian: v4.s_addr)
            if address == 0xA9FE_A9FE { return "the cloud instance-metadata address (169.254.169.254)" }
            if address >> 16 == 0xA9FE { return "a link-local address (169.254.0.0/16)" }
            return nil
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let first = withUnsafeBytes(of: &v6) { ($0[0], $0[1]) }
            if first.0 == 0xFE, first.1 & 0xC0 == 0x80 { return "a link-local address (fe80::/10)" }
        }
        return nil
    }
}
