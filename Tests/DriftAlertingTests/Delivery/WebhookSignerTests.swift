import DriftAlerting
import Foundation
import Testing

/// One signature the signer must reproduce, from `Fixtures/webhooks/vectors.json` (written by
/// `make_vectors.py` beside it: the Standard Webhooks published vector, checked there with Python's hmac,
/// and two more computed with Python's hmac).
struct SignatureVector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var secret: String
    var id: String
    var timestamp: Int64
    var body: String
    var signature: String

    var testDescription: String { name }

    static let all: [SignatureVector] = {
        struct File: Decodable { var vectors: [SignatureVector] }
        let url = fixtures.appendingPathComponent("webhooks/vectors.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            return []
        }
        return file.vectors
    }()
}

@Suite struct WebhookSignerTests {
    @Test func theVectorFileIsThere() {
        #expect(SignatureVector.all.count == 3)
        #expect(SignatureVector.all.first?.name == "standard-webhooks published vector")
    }

    @Test(arguments: SignatureVector.all)
    func reproducesRecordedSignatures(vector: SignatureVector) throws {
        let secret = try WebhookSecret(parsing: vector.secret, variable: "TEST_SECRET")
        let body = Array(vector.body.utf8)
        #expect(WebhookSigner.signature(id: vector.id, timestamp: vector.timestamp, body: body, secret: secret)
            == vector.signature)
        #expect(
            WebhookSigner.verify(
                signatureHeader: vector.signature, id: vector.id, timestamp: String(vector.timestamp), body: body,
                secret: secret))
    }

    @Test func headersCarryIdTimestampAndSignatureInOrder() throws {
        let vector = try #require(SignatureVector.all.first)
        let secret = try WebhookSecret(parsing: vector.secret, variable: "TEST_SECRET")
        let headers = WebhookSigner(secret: secret).headers(
            id: vector.id, timestamp: vector.timestamp, body: Array(vector.body.utf8))
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.map(\.value) == [vector.id, String(vector.timestamp), vector.signature])
        // Without a secret the request goes unsigned.
        let unsigned = WebhookSigner(secret: nil).headers(id: "msg_1", timestamp: 5, body: Array("{}".utf8))
        #expect(unsigned.map(\.name) == ["webhook-id", "webhook-timestamp"])
    }

    @Test func verifyAcceptsAnyMatchingSignatureAmongSeveral() throws {
        let vector = try #require(SignatureVector.all.first)
        let secret = try WebhookSecret(parsing: vector.secret, variable: "TEST_SECRET")
        let body = Array(vector.body.utf8)
        let stamp = String(vector.timestamp)
        // As in the reference library's "valid multi sig is valid" case: a wrong v1, an unknown version, the right one.
        let several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,bm9wZQ== \(vector.signature) v2,xyz"
        #expect(WebhookSigner.verify(signatureHeader: several, id: vector.id, timestamp: stamp, body: body, secret: secret))
        #expect(!WebhookSigner.verify(
            signatureHeader: "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", id: vector.id, timestamp: stamp, body: body,
            secret: secret))
        // The same MAC under another version tag is not a v1 signature.
        let retagged = "v1a," + vector.signature.dropFirst(3)
        #expect(!WebhookSigner.verify(signatureHeader: retagged, id: vector.id, timestamp: stamp, body: body, secret: secret))
    }

    @Test func verifyRejectsTamperingAndStaleTimestamps() throws {
        let vector = try #require(SignatureVector.all.first)
        let secret = try WebhookSecret(parsing: vector.secret, variable: "TEST_SECRET")
        let body = Array(vector.body.utf8)
        let stamp = String(vector.timestamp)
        let header = vector.signature
        #expect(!WebhookSigner.verify(
            signatureHeader: header, id: vector.id, timestamp: stamp, body: Array(#"{"test": 2432232315}"#.utf8),
            secret: secret))
        #expect(!WebhookSigner.verify(signatureHeader: header, id: "msg_other", timestamp: stamp, body: body, secret: secret))
        #expect(!WebhookSigner.verify(
            signatureHeader: header, id: vector.id, timestamp: String(vector.timestamp + 1), body: body, secret: secret))
        #expect(!WebhookSigner.verify(signatureHeader: header, id: vector.id, timestamp: "soon", body: body, secret: secret))
        let other = WebhookSecret(keyBytes: Array(repeating: 7, count: 32))
        #expect(!WebhookSigner.verify(signatureHeader: header, id: vector.id, timestamp: stamp, body: body, secret: other))
        // Within five minutes of the receiver's clock, and not beyond.
        #expect(WebhookSigner.verify(
            signatureHeader: header, id: vector.id, timestamp: stamp, body: body, secret: secret,
            now: vector.timestamp + 300))
        #expect(!WebhookSigner.verify(
            signatureHeader: header, id: vector.id, timestamp: stamp, body: body, secret: secret,
            now: vector.timestamp - 301))
        // A hostile timestamp far from any clock is refused, not an arithmetic overflow.
        #expect(!WebhookSigner.verify(
            signatureHeader: header, id: vector.id, timestamp: String(Int64.min), body: body, secret: secret,
            now: vector.timestamp))
    }
}

@Suite struct WebhookSecretTests {
    static let valid = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func parsesPrefixedBase64WithOrWithoutPadding() throws {
        let secret = try WebhookSecret(parsing: Self.valid, variable: "S")
        #expect(secret.keyBytes.count == 24)
        let unpadded = try WebhookSecret(parsing: "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", variable: "S")
        #expect(unpadded.keyBytes == Array(0..<32))
        #expect(!secret.description.contains("MfKQ"))
    }

    @Test(arguments: [
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "does not start with \"whsec_\""),
        ("whsec_not*base64!", "not standard base64"),
        ("whsec_dGVzdA==", "decodes to 4 bytes"),
    ])
    func malformedSecretsNameTheVariable(value: String, words: String) {
        #expect {
            try WebhookSecret.fromEnvironment("DW_HOOK_SECRET") { $0 == "DW_HOOK_SECRET" ? value : nil }
        } throws: { error in
            guard let error = error as? DeliveryError else { return false }
            return error.code == .malformedSecret && error.message.contains("DW_HOOK_SECRET")
                && error.message.contains(words) && !error.message.contains(value)
        }
    }

    @Test func aMissingVariableSaysHowToSetIt() {
        for environment in [[:], ["DW_HOOK_SECRET": "  "]] as [[String: String]] {
            #expect {
                try WebhookSecret.fromEnvironment("DW_HOOK_SECRET") { environment[$0] }
            } throws: { error in
                guard let error = error as? DeliveryError else { return false }
                return error.code == .missingSecret && error.message.contains("export DW_HOOK_SECRET=whsec_")
            }
        }
    }

    @Test func startupValidationListsEveryBadReceiver() throws {
        let here = SourceLocation(file: "alerts/receivers.yaml", line: 1, column: 1)
        let url = try #require(URL(string: "https://hooks.example.com/x"))
        let receivers = [
            Receiver(name: "oncall", kind: .webhook, url: url, secretEnv: "ONCALL_SECRET", location: here),
            Receiver(name: "unsigned", kind: .webhook, url: url, location: here),
            Receiver(name: "retrain", kind: .retrain, url: url, secretEnv: "RETRAIN_SECRET", location: here),
            Receiver(name: "am", kind: .alertmanager, url: url, secretEnv: "AM_SECRET", location: here),
        ]
        let environment = ["ONCALL_SECRET": Self.valid, "AM_SECRET": "hunter2"]
        let problems = WebhookSecret.problems(receivers: receivers) { environment[$0] }
        #expect(problems.map(\.code) == [.missingSecret, .malformedSecret])
        #expect(problems[0].message.hasPrefix("receiver retrain: the environment variable RETRAIN_SECRET is not set"))
        #expect(problems[1].message.hasPrefix("receiver am: the environment variable AM_SECRET"))
        #expect {
            try WebhookSecret.validate(receivers: receivers) { environment[$0] }
        } throws: { error in
            guard let error = error as? DeliveryError else { return false }
            return error.code == .missingSecret && error.message.split(separator: "\n").count == 2
                && !error.message.contains("hunter2")
        }
        try WebhookSecret.validate(receivers: receivers.prefix(2)) { environment[$0] }
    }
}
