#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers from bytes into correctly rounded `Double`s, without building a
/// `String`.
///
/// Accepted syntax (the whole input must match; surrounding ASCII spaces and tabs are trimmed):
///
///     [+|-] ( digits [ . [digits] ] | . digits ) [ (e|E) [+|-] digits ]
///     [+|-] ( inf | infinity | nan )            (case-insensitive)
///
/// Hexadecimal floats, `nan(…)` payloads, digit separators and locale-specific decimal commas
/// are rejected. `nan` yields a positive quiet NaN whatever its sign.
///
/// Results are bit-identical to a correctly rounding `strtod` (round to nearest, ties to even)
/// for every accepted input: exact small cases use one IEEE multiplication or division
/// (Clinger's fast path), everything else the Eisel–Lemire algorithm (Daniel Lemire, "Number
/// Parsing at a Gigabyte per Second", Software: Practice and Experience 51(8), 2021; see
/// ``EiselLemire``). Inputs with more than 19 significant digits are truncated to 19 digits `w`
/// and accepted only when `w` and `w + 1` round to the same double; when that, or the
/// Eisel–Lemire safety test, fails, the C library `strtod` decides on a NUL-terminated copy.
/// `strtod` depends on the C locale's decimal point; Swift programs run in the "C" locale
/// unless they call `setlocale`.
public enum DecimalParser {
    /// Parses `bytes` as a whole (after trimming spaces and tabs); `nil` if it is not a number.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        return parse(base, count: bytes.count)
    }

    /// Parses the UTF-8 bytes of `text`; `nil` if it is not a number.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses `count` bytes at `start`; `nil` if they are not a number.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, count: Int, table: PowersOfFive = .shared) -> Double? {
        var index = 0
        var end = count
        while index < end && isBlank(start[index]) { index += 1 }
        while end > index && isBlank(start[end - 1]) { end -= 1 }
        guard index < end else { return nil }
        if let (value, stop) = parsePrefix(start, from: index, to: end, table: table) {
            return stop == end ? value : nil
        }
        var letters = index
        if start[letters] == UInt8(ascii: "-") || start[letters] == UInt8(ascii: "+") { letters += 1 }
        return parseSpecial(start + letters, count: end - letters, negative: start[index] == UInt8(ascii: "-"))
    }

    /// Parses the longest decimal number (no `inf`/`nan`, no blanks) starting at `index` and
    /// ending before `end`: `[+|-] digits [. digits] [(e|E) [+|-] digits]` with at least one
    /// significand digit; an `e` not followed by exponent digits is not part of the number.
    /// Returns the value and the offset just past the number, or `nil` if no number starts
    /// at `index`.
    @inline(__always)
    static func parsePrefix(
        _ start: UnsafePointer<UInt8>, from first: Int, to end: Int, table: PowersOfFive
    ) -> (value: Double, end: Int)? {
        var index = first
        var negative = false
        if index < end {
            if start[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            } else if start[index] == UInt8(ascii: "+") {
                index += 1
            }
        }

        // Significand digits, accumulated with wrap-around (recomputed below if > 19 digits).
        var significand: UInt64 = 0
        let integerStart = index
        consumeDigits(start, &index, end, &significand)
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        if index < end && start[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            consumeDigits(start, &index, end, &significand)
            fractionEnd = index
        }
        let integerCount = integerEnd - integerStart
        let fractionCount = fractionEnd - fractionStart
        guard integerCount + fractionCount > 0 else { return nil }

        var explicitExponent = 0
        if index < end && start[index] | 0x20 == UInt8(ascii: "e") {
            var cursor = index + 1
            var exponentNegative = false
            if cursor < end && (start[cursor] == UInt8(ascii: "-") || start[cursor] == UInt8(ascii: "+")) {
                exponentNegative = start[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            let exponentStart = cursor
            var exponent = 0
            while cursor < end {
                let digit = start[cursor] &- UInt8(ascii: "0")
                if digit > 9 { break }
                // Saturate: anything this large is zero or infinity anyway.
                if exponent < 100_000_000 { exponent = exponent * 10 + Int(digit) }
                cursor += 1
            }
            if cursor > exponentStart {
                explicitExponent = exponentNegative ? -exponent : exponent
                index = cursor
            }
        }

        var exponent = explicitExponent - fractionCount
        var truncated = false
        if integerCount + fractionCount > 19 {
            // Re-read the first 19 significant digits exactly.
            var position = integerStart
            var skippedLeadingZeros = true
            var taken = 0
            var significantTotal = 0
            significand = 0
            while position < fractionEnd {
                if position == integerEnd {
                    position = fractionStart
                    if position >= fractionEnd { break }
                }
                let digit = start[position] &- UInt8(ascii: "0")
                position += 1
                if skippedLeadingZeros && digit == 0 { continue }
                skippedLeadingZeros = false
                significantTotal += 1
                if taken < 19 {
                    significand = significand * 10 + UInt64(digit)
                    taken += 1
                }
            }
            if significantTotal > 19 {
                truncated = true
                exponent += significantTotal - 19
            }
        }

        if let value = compose(significand: significand, exponent: exponent, negative: negative, truncated: truncated, table: table) {
            return (value, index)
        }
        guard let value = strtodFallback(start + first, count: index - first) else { return nil }
        return (value, index)
    }

    /// `10^n` for `0 ≤ n ≤ 22`, all exactly representable (a switch, so no global access).
    @inline(__always)
    static func exactPowerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// `±w · 10^q` correctly rounded, or `nil` when only `strtod` can tell.
    @inline(__always)
    static func compose(significand w: UInt64, exponent q: Int, negative: Bool, truncated: Bool, table: PowersOfFive) -> Double? {
        if w == 0 { return negative ? -0.0 : 0.0 }
        if !truncated && q >= -22 && q <= 22 && w <= 1 << 53 {
            // Clinger's fast path: both operands exact, one correctly rounded IEEE operation.
            let value = q < 0 ? Double(w) / exactPowerOfTen(-q) : Double(w) * exactPowerOfTen(q)
            return negative ? -value : value
        }
        guard let bits = EiselLemire.binary64Bits(significand: w, exponent: q, table: table) else { return nil }
        if truncated {
            // The true value lies strictly between w·10^q and (w+1)·10^q.
            guard let upper = EiselLemire.binary64Bits(significand: w + 1, exponent: q, table: table), upper == bits else {
                return nil
            }
        }
        return Double(bitPattern: negative ? bits | (1 << 63) : bits)
    }

    /// Reads decimal digits at `index` into `value` (wrapping), eight at a time when possible.
    @inline(__always)
    private static func consumeDigits(
        _ start: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, _ value: inout UInt64
    ) {
        while end - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self))
            guard SWAR.isEightDigits(word) else { break }
            value = value &* 100_000_000 &+ SWAR.valueOfEightDigits(word)
            index += 8
        }
        while index < end {
            let digit = start[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            value = value &* 10 &+ UInt64(digit)
            index += 1
        }
    }

    /// `inf`, `infinity` or `nan`, case-insensitive, filling the whole remaining input.
    private static func parseSpecial(_ start: UnsafePointer<UInt8>, count: Int, negative: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let letters = word.utf8Start
            for offset in 0..<count where start[offset] | 0x20 != letters[offset] { return false }
            return true
        }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        if matches("nan") { return .nan }
        return nil
    }

    /// Asks the C library on a NUL-terminated copy of an already validated number.
    private static func strtodFallback(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double? in
            guard let copy = buffer.baseAddress else { return nil }
            for offset in 0..<count { copy[offset] = CChar(bitPattern: start[offset]) }
            copy[count] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(copy, &stop)
            guard stop == copy + count else { return nil }
            return value
        }
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
