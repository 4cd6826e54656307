import DriftCore
import DriftIngest

/// Query parameters, parsed with range checks: a bad or out-of-range value is a 400 naming the parameter,
/// never a trap in a conversion.
enum QueryValue {
    /// A time: RFC 3339 or Unix seconds, between 1970 and 9999; nil when absent or empty.
    static func time(_ text: String?, name: String) throws(APIError) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        // Unix seconds are plain decimals here (no exponent), as the OpenAPI document's pattern says.
        if text.contains(where: { $0 == "e" || $0 == "E" }) {
            throw .badRequest(
                "invalid_query", "'\(name)' must be an RFC 3339 time or Unix seconds without an exponent, got '\(text.prefix(64))'")
        }
        switch TimeText.milliseconds(text) {
        case .success(let milliseconds): return milliseconds
        case .failure(let error):
            throw .badRequest(
                "invalid_query",
                "'\(name)' must be an RFC 3339 time or Unix seconds between 1970 and 9999, got '\(text.prefix(64))': \(error.reason)")
        }
    }

    /// A whole number in `range`; nil when absent (an empty value is refused: it is no number).
    static func integer(_ text: String?, name: String, range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text else { return nil }
        guard text.utf8.count <= 20, let value = Int(text), range.contains(value) else {
            throw .badRequest(
                "invalid_query",
                "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(64))'")
        }
        return value
    }
}
