import DriftAlerting
import Foundation
import Hummingbird

/// One request as the receiver got it.
struct ReceivedRequest: Sendable {
    /// Header names lowercased.
    var headers: [String: String]
    /// The raw body bytes, before any parsing.
    var body: [UInt8]
    /// When it arrived, on the monotonic clock.
    var arrivedAt: ContinuousClock.Instant

    var webhookID: String? { headers["webhook-id"] }

    /// Whether the `webhook-signature` header verifies over the raw body with `secret`.
    func signatureVerifies(with secret: WebhookSecret) -> Bool {
        guard let id = headers["webhook-id"], let timestamp = headers["webhook-timestamp"],
            let signature = headers["webhook-signature"]
        else { return false }
        return WebhookSigner.verify(signatureHeader: signature, id: id, timestamp: timestamp, body: body, secret: secret)
    }
}

/// What the receiver answers to its `n`th request (0-based): a status and an optional `Retry-After`.
typealias ReceiverScript = @Sendable (Int) -> (status: Int, retryAfter: String?)

/// The requests a receiver got, in arrival order.
actor ReceivedLog {
    private(set) var requests: [ReceivedRequest] = []

    /// Appends `request`; returns its index.
    func append(_ request: ReceivedRequest) -> Int {
        requests.append(request)
        return requests.count - 1
    }
}

/// A real HTTP receiver on 127.0.0.1: a Hummingbird server answering `POST /hook` by a script and
/// recording every request with its raw body.
final class TestReceiver: Sendable {
    let port: Int
    let log: ReceivedLog
    private let server: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)/hook" }

    private init(port: Int, log: ReceivedLog, server: Task<Void, any Error>) {
        self.port = port
        self.log = log
        self.server = server
    }

    /// Starts a receiver on `port` (0: any free port) and waits until it listens.
    static func start(port: Int = 0, script: @escaping ReceiverScript) async throws -> TestReceiver {
        let log = ReceivedLog()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let index = await log.append(
                ReceivedRequest(headers: headers, body: Array(body.readableBytesView), arrivedAt: ContinuousClock.now))
            let answer = script(index)
            var response = Response(status: .init(code: answer.status))
            if let retryAfter = answer.retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? -1)
                continuation.finish()
            })
        let server = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            server.cancel()
            _ = await server.result
            throw ReceiverError(message: "the test receiver could not listen on 127.0.0.1:\(port)")
        }
        return TestReceiver(port: bound, log: log, server: server)
    }

    /// Stops listening and waits until the server has shut down.
    func stop() async {
        server.cancel()
        _ = await server.result
    }

    var requests: [ReceivedRequest] { get async { await log.requests } }

    struct ReceiverError: Error {
        var message: String
    }
}
