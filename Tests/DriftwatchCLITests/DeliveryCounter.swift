import Foundation
import Hummingbird
import HummingbirdTesting

/// One POST a ``DeliveryCounter`` received: its `webhook-id` header and its JSON body.
struct Delivery: Sendable {
    var webhookID: String
    var body: Data

    /// The Alertmanager payload's `groupKey` and `status`: what one notification is about.
    var notification: String {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        return "\(object["groupKey"] as? String ?? "?")|\(object["status"] as? String ?? "?")"
    }
}

/// The deliveries received so far, shared with the receiver's handler.
actor DeliveryLog {
    private(set) var deliveries: [Delivery] = []

    func append(_ delivery: Delivery) { deliveries.append(delivery) }

    /// Deliveries counted by `webhook-id`.
    var countsByWebhookID: [String: Int] {
        deliveries.reduce(into: [:]) { $0[$1.webhookID, default: 0] += 1 }
    }
}

/// Runs a real webhook receiver on 127.0.0.1 (a free port) that records every POST and answers 200, for
/// as long as `body` runs.
func withDeliveryCounter(_ body: @Sendable (_ port: Int, _ log: DeliveryLog) async throws -> Void) async throws {
    let log = DeliveryLog()
    let router = Router()
    router.post("**") { request, _ -> HTTPResponse.Status in
        let bytes = try await request.body.collect(upTo: 4 << 20)
        let webhookID = request.headers.first { $0.name.canonicalName == "webhook-id" }?.value ?? ""
        await log.append(Delivery(webhookID: webhookID, body: Data(buffer: bytes)))
        return .ok
    }
    let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await application.test(.live) { client in
        guard let port = client.port else { throw ServerProcess.ServerError.notReady }
        try await body(port, log)
    }
}
