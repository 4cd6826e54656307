import DriftCore
import GRDB

/// How a ``ScalarValue`` (prediction or label) is kept in an SQLite column declared `BLOB`, a column
/// affinity that never converts values, so each value keeps the storage class it was written with:
/// a number is REAL, a string TEXT, a boolean INTEGER 0 or 1, and null or absent is NULL.
enum StoredScalar {
    /// The SQLite value of `value`; `.null` and nil both become NULL.
    static func databaseValue(_ value: ScalarValue?) -> DatabaseValue {
        switch value {
        case .number(let number): number.databaseValue
        case .string(let text): text.databaseValue
        case .bool(let flag): (flag ? 1 : 0 as Int64).databaseValue
        case .null, nil: .null
        }
    }

    /// The value stored by ``databaseValue(_:)``; nil for NULL.
    static func scalar(_ stored: DatabaseValue) throws(StoreError) -> ScalarValue? {
        switch stored.storage {
        case .null: nil
        case .double(let number): .number(number)
        case .string(let text): .string(text)
        case .int64(let flag): .bool(flag != 0)
        case .blob: throw StoreError(.corruptData, "a prediction or label is stored as a blob")
        }
    }
}
