import DriftCore
import DriftServer
import DriftStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// Runs `body` against the real application on 127.0.0.1 with a real SQLite file in a temporary folder.
func withLiveServer(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    now: @escaping @Sendable () -> Int64 = WallClock.system,
    _ body: @Sendable (any TestClientProtocol, SQLiteStore) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-server-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path, durability: .normal)
    var configuration = ServerConfiguration()
    configuration.port = 0
    configure(&configuration)
    var logger = Logger(label: "driftwatch-test")
    logger.logLevel = .warning
    let evaluation = try configuration.makeEvaluationService(store: store, now: now)
    let application = buildApplication(
        configuration: configuration, store: store, evaluation: evaluation, logger: logger, now: now)
    try await application.test(.live) { client in try await body(client, store) }
}

/// A small binary-classification reference: two numeric features, one categorical, prediction and label.
let referenceCSV: String = {
    var lines = ["amount,age,channel,score,prediction,label"]
    for index in 0..<300 {
        let channel = ["web", "ios", "android"][index % 3]
        lines.append("\(Double(index % 50) * 2.5),\(20 + index % 40),\(channel),0.\(index % 10),\(index % 2),\(index % 2)")
    }
    return lines.joined(separator: "\n") + "\n"
}()

extension TestClientProtocol {
    /// PUT the reference CSV for `model`.
    @discardableResult
    func uploadReference(_ model: String, csv: String = referenceCSV, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "text/csv"
        return try await execute(uri: "/v1/models/\(model)/reference", method: .put, headers: fields, body: ByteBuffer(string: csv))
    }

    /// POST a JSON body.
    func postJSON(_ uri: String, _ json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: json))
    }
}

/// The body of a response as a JSON object.
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
}

/// One event as JSON.
func eventJSON(_ id: String, timestamp: String = "2026-01-05T00:10:00Z", amount: String = "12.5", channel: String = "\"web\"",
               extra: String = "") -> String {
    #"{"id":"\#(id)","timestamp":"\#(timestamp)","features":{"amount":\#(amount),"age":33,"channel":\#(channel)\#(extra)},"prediction":1,"score":0.8}"#
}

/// A fixed clock (2026-01-05T12:00:00Z) so timestamp checks are deterministic.
let fixedNow: @Sendable () -> Int64 = { 1_767_614_400_000 }
