import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// One request a test receiver got: path, headers and the raw body bytes.
struct ReceivedWebhook: Sendable {
    var path: String
    var headers: [String: String]
    var body: [UInt8]
    var receivedAt: Date

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

/// What a test receiver has received so far.
actor WebhookInbox {
    private(set) var requests: [ReceivedWebhook] = []

    func append(_ request: ReceivedWebhook) { requests.append(request) }

    /// Waits (at most `timeout`) until `condition` holds for the requests received, and returns them.
    func wait(timeout: Duration = .seconds(20), until condition: @Sendable ([ReceivedWebhook]) -> Bool) async
        -> [ReceivedWebhook]
    {
        let deadline = ContinuousClock.now + timeout
        while !condition(requests) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return requests
    }
}

/// Runs a real HTTP receiver on 127.0.0.1 (any free port) that records every POST and answers 200.
func withWebhookReceiver(_ body: @Sendable (_ port: Int, _ inbox: WebhookInbox) async throws -> Void) async throws {
    let inbox = WebhookInbox()
    let router = Router()
    router.post("**") { request, _ -> HTTPResponse.Status in
        let bytes = try await request.body.collect(upTo: 4 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        await inbox.append(
            ReceivedWebhook(path: request.uri.path, headers: headers, body: Array(buffer: bytes), receivedAt: Date()))
        return .ok
    }
    let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await application.test(.live) { client in
        try await body(try require(client.port, "the receiver has no port"), inbox)
    }
}

/// Checks a Standard Webhooks signature independently of the server's signer: HMAC-SHA256 with the
/// base64 key after `whsec_`, over `id.timestamp.body`, compared with each `v1,` signature in the header.
func verifyStandardWebhookSignature(_ webhook: ReceivedWebhook, secret: String) -> Bool {
    guard let id = webhook.headers["webhook-id"], let timestamp = webhook.headers["webhook-timestamp"],
        let header = webhook.headers["webhook-signature"],
        let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
    else { return false }
    var signed = Data("\(id).\(timestamp).".utf8)
    signed.append(contentsOf: webhook.body)
    let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
    let expected = "v1," + Data(mac).base64EncodedString()
    return header.split(separator: " ").contains { $0 == expected }
}

/// Fails the test with a message when `value` is nil.
func require<T>(_ value: T?, _ message: String = "missing value") throws -> T {
    guard let value else { throw TestFailure(message: message) }
    return value
}

struct TestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
