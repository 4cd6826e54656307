extension JSONCursor {
    /// Reads the string whose opening quote is at ``position`` (RFC 8259 §7) and moves past its
    /// closing quote.
    ///
    /// Rejects unescaped control characters, unknown escapes, `\u` escapes that are lone UTF-16
    /// surrogates, and invalid UTF-8 (RFC 3629: overlong forms, encoded surrogates, values above
    /// U+10FFFF, truncated sequences). Strings without escapes are not copied; the first escape
    /// switches to decoding into ``scratch``.
    @inline(__always)
    mutating func readString() throws(JSONSyntaxError) -> StringToken {
        let rawStart = position + 1
        var index = rawStart
        while true {
            // Eight bytes at a time until one needs a look: '"', '\', control or non-ASCII.
            while end - index >= 8 {
                let marks = ByteWord.stringSpecials(ByteWord.load(base + index))
                if marks != 0 {
                    index += marks.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
            guard index < end else { throw unterminatedString(openingQuote: rawStart - 1) }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return StringToken(rawStart: rawStart, rawEnd: index, hasEscapes: false, decodedCount: index - rawStart)
            }
            if byte == UInt8(ascii: "\\") {
                return try readEscapedString(rawStart: rawStart, firstEscape: index)
            }
            if byte < 0x20 { throw controlCharacter(byte, at: index) }
            index = byte < 0x80 ? index + 1 : try skipUTF8Sequence(at: index)
        }
    }

    /// Continues ``readString()`` from its first backslash, decoding into ``scratch``.
    private mutating func readEscapedString(rawStart: Int, firstEscape: Int) throws(JSONSyntaxError) -> StringToken {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + rawStart, count: firstEscape - rawStart))
        var index = firstEscape
        while index < end {
            let byte = base[index]
            switch byte {
            case UInt8(ascii: "\""):
                position = index + 1
                return StringToken(rawStart: rawStart, rawEnd: index, hasEscapes: true, decodedCount: scratch.count)
            case UInt8(ascii: "\\"):
                index = try decodeEscape(at: index)
            case 0..<0x20:
                throw controlCharacter(byte, at: index)
            case 0x20..<0x80:
                scratch.append(byte)
                index += 1
            default:
                let next = try skipUTF8Sequence(at: index)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + index, count: next - index))
                index = next
            }
        }
        throw unterminatedString(openingQuote: rawStart - 1)
    }

    /// Decodes the escape whose backslash is at `index` into ``scratch``; returns the offset after it.
    private mutating func decodeEscape(at index: Int) throws(JSONSyntaxError) -> Int {
        guard index + 1 < end else { throw unterminatedString(openingQuote: index) }
        let letter = base[index + 1]
        let simple: UInt8
        switch letter {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: index)
        default:
            throw JSONSyntaxError(
                at: index,
                "invalid escape '\\\(Self.printable(letter))' in a string; "
                    + "JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"
            )
        }
        scratch.append(simple)
        return index + 2
    }

    /// Decodes `\uXXXX`, or a surrogate pair `\uD8xx\uDCxx`, at `index` into ``scratch`` as UTF-8.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONSyntaxError) -> Int {
        let unit = try hexQuad(at: index + 2, escape: index)
        var scalarValue = UInt32(unit)
        var next = index + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard end - next >= 6, base[next] == UInt8(ascii: "\\"), base[next + 1] == UInt8(ascii: "u") else {
                throw loneSurrogate(unit, at: index)
            }
            let low = try hexQuad(at: next + 2, escape: next)
            guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: index) }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw loneSurrogate(unit, at: index)
        default:
            break
        }
        appendUTF8(scalarValue)
        return next
    }

    /// Four hex digits at `index` (of the escape starting at `escape`).
    private func hexQuad(at index: Int, escape: Int) throws(JSONSyntaxError) -> UInt16 {
        guard end - index >= 4 else {
            throw JSONSyntaxError(at: escape, "\\u must be followed by four hex digits")
        }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = base[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(at: escape, "\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | (value >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | (value >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (value >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// Checks the UTF-8 sequence whose lead byte (≥ 0x80) is at `index` (RFC 3629 §4) and
    /// returns the offset after it.
    @inline(__always)
    func skipUTF8Sequence(at index: Int) throws(JSONSyntaxError) -> Int {
        guard let length = UTF8Sequence.validLength(base + index, available: end - index) else {
            throw JSONSyntaxError(at: index, "invalid UTF-8 in a string (RFC 3629); the body must be UTF-8")
        }
        return index + length
    }

    // MARK: Errors

    private func unterminatedString(openingQuote: Int) -> JSONSyntaxError {
        JSONSyntaxError(at: openingQuote, "unterminated string: no closing '\"'")
    }

    private func controlCharacter(_ byte: UInt8, at index: Int) -> JSONSyntaxError {
        let hex = String(byte, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        return JSONSyntaxError(
            at: index, "unescaped control character \(code) in a string; escape it (for example \\n, \\t or \\u00XX)")
    }

    private func loneSurrogate(_ unit: UInt16, at index: Int) -> JSONSyntaxError {
        let hex = String(unit, radix: 16, uppercase: true)
        return JSONSyntaxError(
            at: index,
            "lone UTF-16 surrogate \\u\(hex) in a string; a high surrogate \\uD800–\\uDBFF must be followed "
                + "by a low surrogate \\uDC00–\\uDFFF"
        )
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte)
            ? String(Character(Unicode.Scalar(byte))) : "0x" + String(byte, radix: 16, uppercase: true)
    }
}
