import Dispatch
import DriftCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A fixed number of PostgreSQL connections handed out to blocking callers.
///
/// The storage port is synchronous (its callers run it on dispatch queues), so a caller waits for a free
/// connection on a semaphore and for each statement on its `EventLoopFuture`: the waiting never needs a
/// thread of Swift's cooperative pool, which keeps a blocked port call from starving the tasks that would
/// complete it. Connections are opened lazily and dropped when they fail.
final class ConnectionPool: Sendable {
    private let configuration: PostgresConnection.Configuration
    private let slots: DispatchSemaphore
    private let idle = Locked<[PostgresConnection]>([])
    private let nextID = Locked(0)
    private let closed = Locked(false)
    let logger: Logger

    init(url: PostgresURL, size: Int, logger: Logger) {
        configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: .disable)
        slots = DispatchSemaphore(value: size)
        self.logger = logger
    }

    /// Runs `body` with a connection of its own.
    func withConnection<T>(_ body: (Session) throws -> T) throws(StoreError) -> T {
        slots.wait()
        defer { slots.signal() }
        guard !closed.withLock({ $0 }) else { throw StoreError(.database, "the PostgreSQL store is closed") }
        let connection: PostgresConnection
        if let reused = idle.withLock({ $0.popLast() }) {
            connection = reused
        } else {
            let id = nextID.withLock { value in
                value += 1
                return value
            }
            do {
                connection = try PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
                ).wait()
            } catch {
                throw StoreError(.cannotOpen, "cannot connect to PostgreSQL: \(Session.describe(error))")
            }
        }
        let session = Session(connection: connection, logger: logger)
        do {
            let result = try body(session)
            idle.withLock { $0.append(connection) }
            return result
        } catch {
            if connection.isClosed {
                connection.close().whenComplete { _ in }
            } else {
                idle.withLock { $0.append(connection) }
            }
            throw Session.storeError(error)
        }
    }

    /// Runs `body` in one transaction, committed before returning and rolled back when it throws.
    func transaction<T>(_ body: (Session) throws -> T) throws(StoreError) -> T {
        try withConnection { session in
            try session.execute("BEGIN")
            do {
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    deinit {
        close()
    }

    /// Closes every idle connection; later calls throw.
    func close() {
        closed.withLock { $0 = true }
        for connection in idle.withLock({ list in defer { list.removeAll() }; return list }) {
            try? connection.close().wait()
        }
    }
}

/// One connection lent to a caller: statements with positional binds, answered in full.
struct Session {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `sql` with `binds` ($1, $2, …) and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [Bind] = []) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bind.append(to: &bindings) }
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait()
    }

    /// Runs a statement without binds (several may be separated by semicolons when none has binds).
    func execute(_ sql: String) throws {
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
    }

    /// The number of rows a data-changing statement affected.
    func affected(_ sql: String, _ binds: [Bind] = []) throws -> Int {
        try query(sql, binds).metadata.rows ?? 0
    }

    /// Any error as a ``StoreError``: the server's message when PostgreSQL sent one.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(.database, "PostgreSQL error: \(describe(error))")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// One bound value.
enum Bind {
    case int(Int64?)
    case text(String?)
    case double(Double?)
    case bytes([UInt8]?)
    case bool(Bool)
    case ints([Int64])
    case texts([String])
    case doubles([Double])
    case bools([Bool])
    case byteas([ByteBuffer])

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .int(let value): bindings.append(value)
        case .text(let value): bindings.append(value)
        case .double(let value): bindings.append(value)
        case .bytes(let value): bindings.append(value.map { ByteBuffer(bytes: $0) })
        case .bool(let value): bindings.append(value)
        case .ints(let value): bindings.append(value)
        case .texts(let value): bindings.append(value)
        case .doubles(let value): bindings.append(value)
        case .bools(let value): bindings.append(value)
        case .byteas(let value): bindings.append(value)
        }
    }
}

extension PostgresRow {
    /// Column `index` decoded as `T` (an optional type reads NULL as nil).
    func get<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[index].decode(T.self)
    }
}
