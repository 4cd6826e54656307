extension JSONCursor {
    /// Reads the next value where a scalar is expected. Strings, numbers and literals are
    /// consumed; for `{` or `[` nothing is consumed and ``ScalarToken/container(isObject:)`` is
    /// returned, so that the caller can report the wrong type and ``skipValue()``.
    @inline(__always)
    mutating func readScalar() throws(JSONSyntaxError) -> ScalarToken {
        let byte = try nextSignificant(expecting: "a value")
        switch byte {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        case UInt8(ascii: "{"): return .container(isObject: true)
        case UInt8(ascii: "["): return .container(isObject: false)
        default: return try readLiteral()
        }
    }

    /// Reads and discards one complete value, checking its syntax, UTF-8 and nesting depth as
    /// strictly as values that are kept. Iterative, so deep nesting cannot exhaust the stack.
    ///
    /// Duplicate member names inside a skipped value are not looked for: values are only skipped
    /// when their record is already being rejected.
    mutating func skipValue() throws(JSONSyntaxError) {
        // Kinds of the containers opened here: true for an object.
        var open: [Bool] = []
        while true {
            // Read one value; containers push and go on with their first member or element.
            switch try readScalar() {
            case .container(let isObject):
                let hasContent = isObject ? try enterObject() : try enterArray()
                if hasContent {
                    open.append(isObject)
                    if isObject { _ = try readKey() }
                    continue
                }
            default:
                break
            }
            // After a value: step to the next member or element, closing finished containers.
            while let isObject = open.last {
                if isObject {
                    if try nextMember() {
                        _ = try readKey()
                        break
                    }
                } else if try nextElement() {
                    break
                }
                open.removeLast()
            }
            if open.isEmpty { return }
        }
    }
}
