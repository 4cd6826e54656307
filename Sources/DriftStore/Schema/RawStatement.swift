import DriftCore
import GRDB
import GRDBSQLite

/// A statement prepared with SQLite's C API on the connection of a GRDB `Database`, for the one
/// statement that runs once per event (the event insert).
///
/// GRDB's `execute(arguments:)` boxes every argument into a `DatabaseValue` array and binds through
/// nested closures; at nine arguments per event that measured at about a third of the insert's CPU
/// time. Here values are bound directly. Use it only inside the GRDB access (transaction) whose
/// `Database` created it, and let it go before that access ends.
final class RawStatement {
    private let connection: OpaquePointer
    private let handle: OpaquePointer
    private let sql: String

    init(sql: String, in db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw StoreError(.database, "the database connection is closed")
        }
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw StoreError(
                .database, "SQLite error \(code) preparing \(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
        self.connection = connection
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`), so the Swift values may go right away.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Binds parameter `index` (1-based).
    func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds a REAL, or NULL for nil and NaN.
    func bind(_ value: Double?, at index: Int32) {
        if let value, !value.isNaN {
            sqlite3_bind_double(handle, index, value)
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    /// Binds TEXT, or NULL for nil.
    func bind(_ text: String?, at index: Int32) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { utf8 in
            _ = sqlite3_bind_text(handle, index, utf8.baseAddress, Int32(utf8.count), Self.transient)
        }
    }

    /// Binds a BLOB (an empty one for no bytes).
    func bind(_ bytes: [UInt8], at index: Int32) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(
                handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                Self.transient)
        }
    }

    /// Binds a scalar as ``StoredScalar`` stores it: REAL, TEXT, INTEGER 0/1, or NULL.
    func bind(scalar value: ScalarValue?, at index: Int32) {
        switch value {
        case .number(let number): bind(number, at: index)
        case .string(let text): bind(text, at: index)
        case .bool(let flag): bind(Int64(flag ? 1 : 0), at: index)
        case .null, nil: sqlite3_bind_null(handle, index)
        }
    }

    /// Runs a statement that returns at most one row of one integer column (an `INSERT … RETURNING`) to
    /// completion, then resets it. Returns the integer, or nil when no row came back (a conflict that
    /// did nothing).
    func runReturningInteger() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        var value: Int64?
        if code == SQLITE_ROW {
            value = sqlite3_column_int64(handle, 0)
            code = sqlite3_step(handle)
        }
        guard code == SQLITE_DONE else {
            throw StoreError(.database, "SQLite error \(code): \(String(cString: sqlite3_errmsg(connection)))")
        }
        return value
    }

    /// Runs the statement to completion with the bound values, then resets it for the next ones.
    /// - Returns: the number of rows it inserted, updated or deleted.
    func run() throws -> Int {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else {
            throw StoreError(.database, "SQLite error \(code): \(String(cString: sqlite3_errmsg(connection)))")
        }
        return Int(sqlite3_changes(connection))
    }
}
