import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Loopback helpers for benchmarks and the demo.
enum LoopbackPort {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// A port on 127.0.0.1 that nothing listens on right now.
    static func free() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "no socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits (at most 30 s) until the server on `port` answers /healthz.
    static func waitForHealth(port: Int) async throws {
        let url = URL(string: "http://127.0.0.1:\(port)/healthz")!
        for _ in 0..<300 {
            if let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Unavailable(description: "the server on port \(port) did not become healthy in 30 s")
    }
}
