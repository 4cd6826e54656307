import DriftCore
import AsyncHTTPClient
import Foundation

/// The real ``WebhookTransport``: one shared AsyncHTTPClient `HTTPClient` for every receiver.
///
/// The client follows no redirects (Standard Webhooks, "Delivery success and failure": a 3xx is a
/// failure, the URL should be updated instead) and does not retry failed connections itself, so that
/// connection errors reach ``RetryPolicy`` at once instead of waiting out the timeout. Each request has a
/// deadline covering connect, upload and the answer. The answer's body is read up to
/// ``maxResponseBytes`` and discarded.
///
/// Call ``shutdown()`` once done; the client's connections are closed then.
public final class HTTPClientTransport: WebhookTransport {
    /// How much of an answer's body is read before the connection is dropped.
    public static let maxResponseBytes = 16 * 1_024

    private let client: HTTPClient

    /// A transport whose connection attempts give up after `connectTimeout`.
    public init(connectTimeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(max(1, connectTimeout.wholeMilliseconds))))
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the client's connections. Call once, after the last ``post(url:headers:body:timeout:)``.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func post(url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async
        -> TransportResult
    {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            parsed.host?.isEmpty == false
        else {
            return .failure(TransportFailure(.invalidRequest, "\(url) is not an absolute http(s) URL"))
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(max(1, timeout.wholeMilliseconds)))
            let answer = TransportResponse(
                status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
            await Self.discard(response.body)
            return .response(answer)
        } catch {
            return .failure(Self.failure(error))
        }
    }

    /// Reads up to ``maxResponseBytes`` of the body and drops it. The status is already known, so a failure
    /// while reading changes nothing.
    private static func discard(_ body: HTTPClientResponse.Body) async {
        var read = 0
        do {
            for try await chunk in body {
                read += chunk.readableBytes
                if read > maxResponseBytes { break }
            }
        } catch {
            return
        }
    }

    /// Names a client error: timeouts apart from connection failures, in a message of bounded length.
    private static func failure(_ error: any Error) -> TransportFailure {
        let message = String(String(describing: error).prefix(500))
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return TransportFailure(.timeout, "no answer within the request timeout (\(message))")
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportFailure(.invalidRequest, message)
            default:
                break
            }
        }
        return TransportFailure(.connection, message)
    }
}
