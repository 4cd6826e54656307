/// A forward-only reader over the bytes of one JSON text (RFC 8259), or one NDJSON line.
///
/// The cursor never copies the input: strings and numbers come back as tokens (byte ranges), and
/// only strings with escapes are decoded, into ``scratch``. Every method checks the grammar it
/// reads and throws ``JSONSyntaxError`` at the first byte that breaks it; it never traps on bad
/// input. Containers are entered and left explicitly so that callers can interpret the members
/// they know and skip the rest (``skipValue()``), and the nesting depth is checked on entry.
///
/// The pointer is only valid inside the caller's `withUnsafeBufferPointer` closure; the cursor
/// must not outlive it.
struct JSONCursor {
    /// Start of the whole request body: offsets are relative to it.
    let base: UnsafePointer<UInt8>
    /// One past the last byte this cursor may read (the end of the body or of an NDJSON line).
    let end: Int
    /// Next byte to read.
    var position: Int
    /// Containers currently open.
    var depth = 0
    /// Deepest nesting accepted (``Limits/maxDepth``).
    let maxDepth: Int
    /// Decoded bytes of the last string read that had escapes.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, maxDepth: Int) {
        self.base = base
        self.position = start
        self.end = end
        self.maxDepth = maxDepth
        scratch.reserveCapacity(256)
    }

    /// Whether every byte has been read.
    @inline(__always) var isAtEnd: Bool { position >= end }

    /// The next byte, or nil at the end.
    @inline(__always) var peek: UInt8? { position < end ? base[position] : nil }

    /// Skips JSON whitespace: space, tab, line feed, carriage return (RFC 8259 §2).
    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            let byte = base[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Skips whitespace and returns the next byte, failing at the end of the input.
    @inline(__always)
    mutating func nextSignificant(expecting what: @autoclosure () -> String) throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard position < end else { throw JSONSyntaxError(at: position, "unexpected end of input, expected \(what())") }
        return base[position]
    }

    // MARK: Containers

    /// Consumes `{` (the caller has seen it) and reports whether the object has members; an
    /// empty object is consumed whole.
    mutating func enterObject() throws(JSONSyntaxError) -> Bool {
        try enter()
        skipWhitespace()
        if position < end && base[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return false
        }
        return true
    }

    /// Reads the next member's key and its `:`; the value follows. Call after ``enterObject()``
    /// returned true or ``nextMember()`` returned true.
    @inline(__always)
    mutating func readKey() throws(JSONSyntaxError) -> StringToken {
        let byte = try nextSignificant(expecting: "a member name in double quotes")
        guard byte == UInt8(ascii: "\"") else {
            throw JSONSyntaxError(at: position, "expected a member name in double quotes, found \(Self.describe(byte))")
        }
        let key = try readString()
        let colon = try nextSignificant(expecting: "':' after the member name")
        guard colon == UInt8(ascii: ":") else {
            throw JSONSyntaxError(at: position, "expected ':' after the member name, found \(Self.describe(colon))")
        }
        position += 1
        return key
    }

    /// After a member's value: consumes `,` and reports true when another member follows, or
    /// consumes `}` and reports false. Trailing commas are errors (RFC 8259 §4).
    @inline(__always)
    mutating func nextMember() throws(JSONSyntaxError) -> Bool {
        let byte = try nextSignificant(expecting: "',' or '}'")
        if byte == UInt8(ascii: ",") {
            let comma = position
            position += 1
            let following = try nextSignificant(expecting: "a member name after ','")
            if following == UInt8(ascii: "}") {
                throw JSONSyntaxError(at: comma, "trailing comma before '}' (not allowed by RFC 8259)")
            }
            return true
        }
        if byte == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return false
        }
        throw JSONSyntaxError(at: position, "expected ',' or '}' after a member, found \(Self.describe(byte))")
    }

    /// Consumes `[` (the caller has seen it) and reports whether the array has elements; an
    /// empty array is consumed whole.
    mutating func enterArray() throws(JSONSyntaxError) -> Bool {
        try enter()
        skipWhitespace()
        if position < end && base[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return false
        }
        return true
    }

    /// After an element: consumes `,` and reports true when another element follows, or consumes
    /// `]` and reports false. Trailing commas are errors (RFC 8259 §5).
    @inline(__always)
    mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        let byte = try nextSignificant(expecting: "',' or ']'")
        if byte == UInt8(ascii: ",") {
            let comma = position
            position += 1
            let following = try nextSignificant(expecting: "a value after ','")
            if following == UInt8(ascii: "]") {
                throw JSONSyntaxError(at: comma, "trailing comma before ']' (not allowed by RFC 8259)")
            }
            return true
        }
        if byte == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return false
        }
        throw JSONSyntaxError(at: position, "expected ',' or ']' after an element, found \(Self.describe(byte))")
    }

    @inline(__always)
    private mutating func enter() throws(JSONSyntaxError) {
        guard depth < maxDepth else {
            throw JSONSyntaxError(at: position, "nesting deeper than \(maxDepth) levels")
        }
        depth += 1
        position += 1
    }

    // MARK: Literals

    /// Reads `true`, `false` or `null` starting at the current byte.
    mutating func readLiteral() throws(JSONSyntaxError) -> ScalarToken {
        let start = position
        func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard end - start >= count else { return false }
            let letters = word.utf8Start
            for offset in 0..<count where base[start + offset] != letters[offset] { return false }
            return true
        }
        let token: ScalarToken
        let length: Int
        switch base[start] {
        case UInt8(ascii: "t") where matches("true"):
            token = .bool(true)
            length = 4
        case UInt8(ascii: "f") where matches("false"):
            token = .bool(false)
            length = 5
        case UInt8(ascii: "n") where matches("null"):
            token = .null
            length = 4
        default: throw invalidValueStart()
        }
        position += length
        // A literal must end at a delimiter: `truex` or `nullnull` are not values.
        if position < end, Self.isIdentifierByte(base[position]) {
            throw JSONSyntaxError(at: start, "invalid literal; the only JSON literals are true, false and null")
        }
        return token
    }

    /// The error for a byte that cannot start a value, with the usual culprits named.
    func invalidValueStart() -> JSONSyntaxError {
        guard position < end else { return JSONSyntaxError(at: position, "unexpected end of input, expected a value") }
        let byte = base[position]
        let rest = UnsafeBufferPointer(start: base + position, count: min(end - position, 9))
        if Self.startsWith(rest, "NaN") {
            return JSONSyntaxError(
                at: position, "NaN is not a JSON number (RFC 8259 §6); send null for a missing value")
        }
        if Self.startsWith(rest, "Infinity") || Self.startsWith(rest, "-Infinity") || Self.startsWith(rest, "+Infinity")
        {
            return JSONSyntaxError(at: position, "Infinity is not a JSON number (RFC 8259 §6)")
        }
        switch byte {
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
            return JSONSyntaxError(at: position, "expected a value, found \(Self.describe(byte))")
        case UInt8(ascii: "'"):
            return JSONSyntaxError(at: position, "strings must use double quotes, found a single quote")
        case UInt8(ascii: "+"), UInt8(ascii: "."):
            return JSONSyntaxError(
                at: position, "a JSON number starts with '-' or a digit, found \(Self.describe(byte))")
        default:
            return JSONSyntaxError(at: position, "expected a value, found \(Self.describe(byte))")
        }
    }

    // MARK: Describing bytes

    /// A byte as a user would want to read it in an error message.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: "a space"
        default: "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    @inline(__always)
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        let lowered = byte | 0x20
        return (lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")) || (byte &- UInt8(ascii: "0") < 10)
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for offset in 0..<count where bytes[offset] != word.utf8Start[offset] { return false }
        return true
    }
}
