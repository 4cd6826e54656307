import DriftCore

/// Readers for the values shared by events and labels. Each reads one value at the cursor; a
/// value of the wrong kind is reported to `problems` (and skipped) and the result is nil.
extension JSONCursor {
    /// "a string", "an object", … for messages.
    static func kind(of token: ScalarToken) -> String {
        switch token {
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .null: "null"
        case .container(let isObject): isObject ? "an object" : "an array"
        }
    }

    /// Reports the wrong kind of value and skips it if it is a container.
    mutating func reject(
        _ token: ScalarToken, field: String, expected: String, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) {
        if case .container = token { try skipValue() }
        problems.add(index: index, field: field, reason: "\(field) must be \(expected), found \(Self.kind(of: token))")
    }

    /// The string of `token` if it is at most `maxBytes` long; otherwise reports it.
    @inline(__always)
    func checkedLength(
        _ token: StringToken, field: String, maxBytes: Int, index: Int, problems: inout ProblemList
    ) -> Bool {
        guard token.decodedCount > maxBytes else { return true }
        problems.add(
            index: index, field: field,
            reason: "\(field) is \(token.decodedCount) bytes long; strings are limited to \(maxBytes) bytes")
        return false
    }

    /// The offset of the first control character (U+0000–U+001F, U+007F) in the decoded `token`, if any.
    @inline(__always)
    func controlCharacterOffset(_ token: StringToken) -> Int? {
        withDecodedBytes(token) { $0.firstIndex(where: ControlCharacters.isControl) }
    }

    /// A string field that names something (`model_version`, a tag key): refused, with a problem naming
    /// `field`, when it holds a control character. Returns whether it is acceptable.
    @inline(__always)
    func checkedName(_ token: StringToken, field: String, index: Int, problems: inout ProblemList) -> Bool {
        guard let offset = controlCharacterOffset(token) else { return true }
        problems.add(index: index, field: field, reason: ControlCharacters.reason(field: field, offset: offset))
        return false
    }

    /// The text of a number token, shortened for messages.
    func excerptNumber(_ number: NumberToken) -> String {
        String(decoding: UnsafeBufferPointer(start: base + number.start, count: min(number.end - number.start, 40)), as: UTF8.self)
    }

    /// An event or label id: a string of 1…`limits.maxIdLength` characters (Unicode scalars), or
    /// an integer, which stands for the id made of its digits (`42` and `"42"` are the same id).
    mutating func readID(index: Int, limits: Limits, problems: inout ProblemList) throws(JSONSyntaxError) -> String? {
        let token = try readScalar()
        let id: String
        let length: Int
        switch token {
        case .string(let string):
            length = withDecodedBytes(string) { UTF8Sequence.scalarCount($0) }
            guard length > 0 else {
                problems.add(index: index, field: "id", reason: "id must not be empty")
                return nil
            }
            guard length <= limits.maxIdLength else { break }
            guard checkedName(string, field: "id", index: index, problems: &problems) else { return nil }
            id = self.string(string)
            return id
        case .number(let number) where number.isInteger:
            length = number.end - number.start
            guard length <= limits.maxIdLength else { break }
            return String(decoding: UnsafeBufferPointer(start: base + number.start, count: length), as: UTF8.self)
        case .number(let number):
            // JSON does not tell 42.0 or 4.2e1 from 42 (RFC 8259 §6; JSON Schema calls all three integers):
            // an integral value stands for the id made of its digits, like 42, written exactly ("%.0f" prints
            // a double's exact integer value).
            let value = number.value
            guard value.rounded() == value, abs(value) < 1e128 else {
                problems.add(
                    index: index, field: "id",
                    reason: "id must be a string or a whole number, found \(excerptNumber(number))")
                return nil
            }
            let digits = String(format: "%.0f", value)
            guard digits.utf8.count <= limits.maxIdLength else {
                length = digits.utf8.count
                break
            }
            return digits
        default:
            try reject(token, field: "id", expected: "a string", index: index, problems: &problems)
            return nil
        }
        problems.add(
            index: index, field: "id", reason: "id has \(length) characters; at most \(limits.maxIdLength) are allowed")
        return nil
    }

    /// A prediction or label: a number, string or boolean. `null` is refused, or read as absent
    /// when `nullMeansAbsent`.
    mutating func readOutcome(
        field: String, nullMeansAbsent: Bool, maxStringBytes: Int, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> ScalarValue? {
        let token = try readScalar()
        switch token {
        case .number(let number): return .number(number.value)
        case .bool(let flag): return .bool(flag)
        case .string(let string):
            guard checkedLength(string, field: field, maxBytes: maxStringBytes, index: index, problems: &problems)
            else { return nil }
            return .string(self.string(string))
        case .null where nullMeansAbsent:
            return nil
        default:
            try reject(
                token, field: field, expected: "a number, a string or a boolean", index: index, problems: &problems)
            return nil
        }
    }

    /// The timestamp in milliseconds: an RFC 3339 string, or Unix seconds as a JSON number.
    mutating func readTimestamp(index: Int, problems: inout ProblemList) throws(JSONSyntaxError) -> Int64? {
        let token = try readScalar()
        let result: Result<Int64, TimestampError>
        switch token {
        case .string(let string):
            result = withDecodedBytes(string) { RFC3339.parse($0) }
            if case .failure(let error) = result {
                problems.add(index: index, field: "timestamp", reason: "timestamp \(excerpt(string)): \(error.reason)")
            }
        case .number(let number):
            result = UnixSeconds.milliseconds(
                UnsafeBufferPointer(start: base + number.start, count: number.end - number.start))
            if case .failure(let error) = result {
                problems.add(index: index, field: "timestamp", reason: "timestamp: \(error.reason)")
            }
        default:
            try reject(
                token, field: "timestamp",
                expected: "an RFC 3339 string such as \"2026-01-05T01:00:00Z\" or Unix seconds",
                index: index, problems: &problems)
            return nil
        }
        guard case .success(let milliseconds) = result else { return nil }
        return milliseconds
    }
}
