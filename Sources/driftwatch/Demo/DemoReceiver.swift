import DriftAlerting
import DriftCore
import Foundation
import Hummingbird
import Logging

/// The demo's webhook receiver: a real HTTP server on loopback that checks each request's Standard
/// Webhooks signature from the raw body and prints every alert and retrain trigger as it arrives.
struct DemoReceiver: Sendable {
    /// What arrived, for the summary.
    struct Tally: Sendable {
        var notifications = 0
        var badSignatures = 0
        var retrainTriggers = 0
        var firing = 0
        var resolved = 0
    }

    let secret: WebhookSecret
    let tally = Locked(Tally())
    let print: @Sendable (String) -> Void

    /// The Hummingbird application listening on `port`.
    func application(port: Int) -> some ApplicationProtocol {
        let router = Router()
        router.post("/:kind") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 4 << 20)
            let bytes = Array(buffer: body)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let verified = WebhookSigner.verify(
                signatureHeader: headers["webhook-signature"] ?? "", id: headers["webhook-id"] ?? "",
                timestamp: headers["webhook-timestamp"] ?? "", body: bytes, secret: secret,
                now: WallClock.system() / 1_000)
            guard verified else {
                tally.withLock { $0.badSignatures += 1 }
                print("  receiver: REJECTED a request with a bad signature")
                return .unauthorized
            }
            report(kind: context.parameters.get("kind") ?? "", json: bytes)
            return .ok
        }
        var logger = Logger(label: "driftwatch-demo-receiver")
        logger.logLevel = .error
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }

    private func report(kind: String, json: [UInt8]) {
        guard let payload = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return }
        let status = (payload["status"] as? String ?? "?").uppercased()
        let alerts = payload["alerts"] as? [[String: Any]] ?? []
        tally.withLock {
            $0.notifications += 1
            if kind == "retrain" { $0.retrainTriggers += 1 }
            if status == "FIRING" { $0.firing += 1 } else { $0.resolved += 1 }
        }
        if kind == "retrain", let retrain = payload["retrain"] as? [String: Any] {
            let features = (retrain["drifted_features"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let range = retrain["suggested_training_data"] as? [String: String] ?? [:]
            print(
                "  receiver: RETRAIN \(retrain["model"] as? String ?? "?") (reference v\(retrain["reference_version"] ?? "?")): "
                    + "drifted \(features.joined(separator: ", ")); train on \(range["from"] ?? "?") .. \(range["to"] ?? "?") "
                    + "[signature ok]")
            return
        }
        for alert in alerts {
            let annotations = alert["annotations"] as? [String: String] ?? [:]
            let labels = alert["labels"] as? [String: String] ?? [:]
            let text = annotations["summary"] ?? "\(labels["alertname"] ?? "?") \(annotations["value"] ?? "")"
            print("  receiver: \((alert["status"] as? String ?? status).uppercased()) [\(labels["severity"] ?? "")] \(text) [signature ok]")
        }
    }
}
