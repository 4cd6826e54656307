internal import DriftTabular

extension JSONCursor {
    /// Reads the number starting at ``position`` (a `-` or a digit).
    ///
    /// The grammar is RFC 8259 §6 exactly: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    /// — so no leading zeros, no `+`, no bare `.5` or `1.`, no hex, `NaN` or `Infinity`. The
    /// value is converted by DriftTabular's ``DecimalParser``, which rounds correctly (ties to
    /// even), bit-identical to `strtod` and Foundation. Values beyond the range of a double
    /// (`1e999`) are rejected; values below it become (signed) zero, as with `strtod`.
    @inline(__always)
    mutating func readNumber() throws(JSONSyntaxError) -> NumberToken {
        let start = position
        var index = start
        if base[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, Self.isDigit(base[index]) else {
            if index < end, base[index] == UInt8(ascii: "I") { throw invalidValueStart() }
            throw JSONSyntaxError(at: start, "'-' must be followed by a digit")
        }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < end && Self.isDigit(base[index]) {
                throw JSONSyntaxError(at: start, "leading zeros are not allowed in JSON numbers (RFC 8259 §6)")
            }
        } else {
            index = skipDigits(from: index)
        }
        var isInteger = true
        if index < end && base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end && Self.isDigit(base[index]) else {
                throw JSONSyntaxError(at: start, "a decimal point must be followed by a digit")
            }
            index = skipDigits(from: index)
        }
        if index < end && base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < end && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < end && Self.isDigit(base[index]) else {
                throw JSONSyntaxError(at: start, "an exponent must have digits")
            }
            index = skipDigits(from: index)
        }
        if index < end {
            let next = base[index]
            if Self.isIdentifierByte(next) || next == UInt8(ascii: ".") || next == UInt8(ascii: "+")
                || next == UInt8(ascii: "-")
            {
                throw JSONSyntaxError(at: start, "invalid number")
            }
        }
        position = index
        guard let value = DecimalParser.parse(UnsafeBufferPointer(start: base + start, count: index - start)),
            value.isFinite
        else {
            throw JSONSyntaxError(at: start, "number out of range of a 64-bit floating-point value")
        }
        return NumberToken(start: start, end: index, isInteger: isInteger, value: value)
    }

    /// The offset of the first non-digit at or after `start` (or ``end``), eight bytes at a time.
    @inline(__always)
    private func skipDigits(from start: Int) -> Int {
        var index = start
        while end - index >= 8 {
            let marks = ByteWord.nonDigits(ByteWord.load(base + index))
            if marks != 0 { return index + marks.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < end && Self.isDigit(base[index]) { index += 1 }
        return index
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
