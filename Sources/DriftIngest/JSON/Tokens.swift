/// A string as it sits in the input: the bytes between its quotes, and whether they hold escapes.
///
/// When `hasEscapes` is false the raw bytes are the string's UTF-8; otherwise the decoded UTF-8
/// is in the cursor's `scratch` until the next string is read.
struct StringToken {
    /// Offset of the first byte after the opening quote.
    var rawStart: Int
    /// Offset of the closing quote.
    var rawEnd: Int
    /// Whether the raw bytes contain `\` escapes.
    var hasEscapes: Bool
    /// Length of the decoded UTF-8, in bytes.
    var decodedCount: Int

    @inline(__always) var rawCount: Int { rawEnd - rawStart }
}

/// A number as it sits in the input, already checked against the RFC 8259 grammar and converted.
struct NumberToken {
    var start: Int
    var end: Int
    /// Whether the number has neither a fraction nor an exponent.
    var isInteger: Bool
    /// The correctly rounded value (finite).
    var value: Double
}

/// One value read where a scalar is expected; containers are reported, not consumed.
enum ScalarToken {
    case number(NumberToken)
    case string(StringToken)
    case bool(Bool)
    case null
    /// `{` or `[` at the current position, not yet consumed.
    case container(isObject: Bool)
}
