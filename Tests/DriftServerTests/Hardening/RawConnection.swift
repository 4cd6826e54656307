import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to 127.0.0.1, for requests an HTTP client library will not send: a foreign
/// `Host`, a chunked body, a head trickled byte by byte, or nothing at all.
///
/// Calls block their thread, so the async wrappers run them on a dispatch queue, off the cooperative pool.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `port` on 127.0.0.1; every read gives up after `readTimeout` seconds.
    init(port: Int, readTimeout: Int = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw RawConnectionError.connect(errno)
        }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Sends all of `bytes`; false when the peer has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads one response: the head, then `Content-Length` bytes of body (or up to the close).
    /// Nil when the connection closed or timed out before a whole head arrived.
    func readResponse() -> RawResponse? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let response = RawResponse(data), response.isComplete { return response }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return RawResponse(data) }
            data += buffer[0..<count]
        }
    }

    /// Whether the server closes the connection (a read returns end of file) within `seconds`.
    func closesWithin(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return true }
            }
        }
        return false
    }

    /// Runs `body` on a dispatch queue and resumes with its result.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}

enum RawConnectionError: Error {
    case socket(Int32)
    case connect(Int32)
}

/// A response read off a ``RawConnection``.
struct RawResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var isComplete: Bool

    init?(_ data: [UInt8]) {
        guard let end = data.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first?.split(separator: " "), statusLine.count >= 2,
            let status = Int(statusLine[1])
        else { return nil }
        self.status = status
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = Array(data[end.upperBound...])
        let length = headers["content-length"].flatMap(Int.init) ?? 0
        isComplete = body.count >= length
        if body.count > length { body = Array(body[0..<length]) }
    }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// `error.code` of a JSON error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}
