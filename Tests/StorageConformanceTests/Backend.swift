import DriftCore
import DriftPostgres
import DriftStats
import DriftStore
import DriftTestSupport
import Foundation
import Testing

/// A storage engine the conformance cases run against: SQLite always; PostgreSQL when
/// `DRIFTWATCH_TEST_POSTGRES` names a server.
struct Backend: Sendable, CustomTestStringConvertible {
    let name: String
    let open: @Sendable () throws -> OpenStore

    var testDescription: String { name }

    /// Every engine available to this run.
    static var all: [Backend] { [sqlite] + (ScratchDatabase.serverURL.map { [postgres($0)] } ?? []) }

    static let sqlite = Backend(name: "sqlite") {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.path(), durability: .normal)
        return OpenStore(store: store, keep: directory)
    }
}

extension Backend {
    /// A fresh database on the test server for each case.
    static func postgres(_ server: PostgresURL) -> Backend {
        Backend(name: "postgres") {
            let database = try ScratchDatabase(server: server)
            return OpenStore(store: try PostgresStore(url: database.url, connections: 2), keep: database)
        }
    }
}

/// An open store and whatever must live as long as it (a temporary directory, a scratch schema).
final class OpenStore: Sendable {
    let store: any StoragePort
    private let keep: any Sendable

    init(store: any StoragePort, keep: any Sendable) {
        self.store = store
        self.keep = keep
    }

    deinit { try? store.close() }
}

/// The data every case starts from: one model with two numeric and two categorical features.
enum Sample {
    static let model = ModelName("fraud-detector")!
    /// 2026-01-01T00:00:00Z in milliseconds.
    static let t0: Int64 = 1_767_225_600_000
    static let hour: Int64 = 3_600_000

    static let schema = ModelSchema(
        features: [
            .init(name: "age", type: .numeric), .init(name: "country", type: .categorical),
            .init(name: "income", type: .numeric), .init(name: "plan", type: .categorical),
        ],
        task: .binary, positiveLabel: "1")

    static func profile(seed: Double = 0) -> ReferenceProfile {
        ReferenceProfile(
            features: [
                ("age", .numeric(NumericReference(values: [30 + seed, 41, .nan, 25, 52, 38]))),
                ("country", .categorical(CategoricalReference(column: CategoricalColumn(values: ["fr", "de", nil])))),
                ("income", .numeric(NumericReference(values: [1_000, 2_500, 4_000 + seed]))),
                ("plan", .categorical(CategoricalReference(column: CategoricalColumn(values: ["basic", "pro"])))),
            ], rowCount: 6)
    }

    /// A store of `backend` with a first reference saved for ``model``.
    static func store(_ backend: Backend) throws -> OpenStore {
        let open = try backend.open()
        try open.store.saveReference(model: model, schema: schema, profile: profile(), rowCount: 6, at: t0)
        return open
    }

    /// An event whose feature values derive from `index`, so a case can compute what it reads back.
    static func event(_ id: String, at timestamp: Int64, index: Int, version: String? = nil) -> Event {
        var event = Event(
            id: id, timestampMilliseconds: timestamp,
            features: [
                .init(name: "age", value: index % 7 == 0 ? .null : .number(Double(20 + index))),
                .init(name: "country", value: .string(index % 2 == 0 ? "fr" : "de")),
                .init(name: "income", value: .number(Double(index) * 1.5)),
                .init(name: "plan", value: index % 5 == 0 ? .null : .string("p\(index % 3)")),
            ],
            prediction: .number(Double(index % 2)), score: Double(index % 10) / 10)
        event.modelVersion = version
        return event
    }

    /// Events `prefix0 …` `spacing` ms apart from `start`.
    static func events(_ count: Int, prefix: String = "e", start: Int64 = t0, spacing: Int64 = 1_000) -> [Event] {
        (0..<count).map { event("\(prefix)\($0)", at: start + Int64($0) * spacing, index: $0) }
    }
}
