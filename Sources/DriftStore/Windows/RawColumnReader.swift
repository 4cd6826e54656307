import DriftCore
import GRDBSQLite

/// Reads the current row of a stepped GRDB statement through SQLite's C API.
///
/// The window read visits every value of up to millions of rows; going through GRDB's `Row` costs a
/// `Data` object per blob and a generic decode per value, which measured at about half the time of
/// the whole read. The statement is prepared, bound and stepped by GRDB (``SQLiteStore/windowData``
/// iterates a GRDB cursor); only the column accessors are C calls.
///
/// Valid only between a step and the next one, on the connection that owns the statement.
struct RawColumnReader {
    let statement: OpaquePointer

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// A REAL column; NaN for NULL.
    func double(_ column: Int32) -> Double {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? .nan : sqlite3_column_double(statement, column)
    }

    /// Lends a BLOB column's bytes to `body` without copying them (empty for NULL or an empty blob).
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws(StoreError) -> T) throws(StoreError) -> T
    {
        // sqlite3_column_blob must be called before sqlite3_column_bytes (SQLite's documented order).
        let start = sqlite3_column_blob(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return try body(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
    }

    /// A TEXT column; nil for NULL.
    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        let start = sqlite3_column_text(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self)
    }

    /// A value stored by ``StoredScalar``: REAL → number, TEXT → string, INTEGER → boolean, NULL → nil.
    func scalar(_ column: Int32) throws(StoreError) -> ScalarValue? {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL:
            return nil
        case SQLITE_FLOAT:
            return .number(sqlite3_column_double(statement, column))
        case SQLITE_INTEGER:
            return .bool(sqlite3_column_int64(statement, column) != 0)
        case SQLITE_TEXT:
            let start = sqlite3_column_text(statement, column)
            let count = Int(sqlite3_column_bytes(statement, column))
            return .string(
                String(decoding: UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self))
        default:
            throw StoreError(.corruptData, "a prediction or label is stored as a blob")
        }
    }
}
