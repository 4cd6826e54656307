import DriftCore

/// Predictions and labels as text: a type letter and the value (`n` and a number that reads back to the
/// same `Double`, `s` and a string, `t`/`f` for booleans), so numbers, strings and booleans keep their
/// type as the SQLite store's `BLOB` columns do.
enum PostgresScalar {
    static func text(_ value: ScalarValue?) -> String? {
        switch value {
        case nil, .null?: nil
        case .number(let number)?: "n" + String(number)
        case .string(let text)?: "s" + text
        case .bool(let flag)?: flag ? "t" : "f"
        }
    }

    static func scalar(_ text: String?) throws(StoreError) -> ScalarValue? {
        guard let text, let tag = text.first else { return nil }
        let rest = String(text.dropFirst())
        switch tag {
        case "n":
            guard let number = Double(rest) else { throw StoreError(.corruptData, "a stored number does not read back") }
            return .number(number)
        case "s": return .string(rest)
        case "t": return .bool(true)
        case "f": return .bool(false)
        default: throw StoreError(.corruptData, "a stored value has an unknown type")
        }
    }
}
