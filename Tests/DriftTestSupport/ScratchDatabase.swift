public import DriftPostgres
import Foundation
import Logging
import NIOPosix
import PostgresNIO

/// A database of its own for one test on the server named by `DRIFTWATCH_TEST_POSTGRES`, dropped when the
/// value is released.
public final class ScratchDatabase: Sendable {
    public let url: PostgresURL
    private let server: PostgresURL

    /// The server's URL, or nil when the variable is unset (PostgreSQL cases are then skipped).
    public static var serverURL: PostgresURL? {
        guard let text = ProcessInfo.processInfo.environment["DRIFTWATCH_TEST_POSTGRES"], !text.isEmpty else { return nil }
        return try? PostgresURL(text)
    }

    public init(server: PostgresURL) throws {
        self.server = server
        var url = server
        url.database = "dw_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.url = url
        try Self.run("CREATE DATABASE \(url.database)", on: server)
    }

    /// The URL with its password, to pass to `driftwatch serve --db`.
    public var urlText: String {
        "postgres://\(url.user)\(url.password.map { ":" + $0 } ?? "")@\(url.host):\(url.port)/\(url.database)"
    }

    deinit {
        try? Self.run("DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)", on: server)
    }

    /// The first column of every row `sql` returns from this database, as text (NULL as nil): lets a test
    /// look at a table the store's port does not expose.
    public func column(_ sql: String) throws -> [String?] {
        let connection = try Self.connect(to: url)
        defer { try? connection.close().wait() }
        let rows = try connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "driftwatch.test")).wait()
        return try rows.map { try $0.decode(String?.self) }
    }

    private static func connect(to server: PostgresURL) throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password,
            database: server.database, tls: .disable)
        return try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0,
            logger: Logger(label: "driftwatch.test")
        ).wait()
    }

    private static func run(_ sql: String, on server: PostgresURL) throws {
        let connection = try connect(to: server)
        defer { try? connection.close().wait() }
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "driftwatch.test")).wait()
    }
}
