import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The demo's HTTP client: what a serving system would send, through the real API.
struct DemoClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let base: String

    /// Sends a request and returns the status and body; throws on a transport error.
    func request(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json")
        async throws -> (Int, Data)
    {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 30
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Sends a request that must answer `expected`, and returns its JSON object.
    @discardableResult
    func expect(
        _ expected: Int, _ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json"
    ) async throws -> [String: Any] {
        let (status, data) = try await request(method, path, body: body, contentType: contentType)
        guard status == expected else {
            throw Failure(description: "\(method) \(path) answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
