import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random JSON spellings of values: the same value written in the many ways RFC 8259 allows.
struct JSONText {
    var random: SeededGenerator
    /// Whether whitespace may contain line feeds (not inside an NDJSON line).
    var allowsLineFeeds = true

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }

    /// Usually nothing, sometimes a run of JSON whitespace.
    mutating func space() -> String {
        guard chance(0.2) else { return "" }
        let characters: [String] = allowsLineFeeds ? [" ", "\t", "\n", "\r", "  "] : [" ", "\t", "\r", "  "]
        return (0..<int(1...3)).map { _ in pick(characters) }.joined()
    }

    // MARK: Strings

    /// Scalars to build strings from: ASCII, Latin-1, Greek, CJK, astral emoji, combining marks,
    /// controls (which must be escaped), quotes, backslashes, slash, line/paragraph separators.
    static let scalarPool: [Unicode.Scalar] = {
        var pool: [Unicode.Scalar] = []
        pool += (0x20...0x7E).compactMap(Unicode.Scalar.init)
        pool += [
            0xE9, 0xDF, 0xF1, 0xFC, 0x3B1, 0x3C9, 0x4E2D, 0x6587, 0x1F600, 0x1F1EB, 0x10348, 0x301, 0x2028, 0x2029,
            0x01, 0x0A, 0x09, 0x1F, 0x7F, 0xFFFD, 0x10FFFF, 0xE000,
        ].compactMap(Unicode.Scalar.init)
        // Not U+FEFF: JSONSerialization drops it where it starts a run of unescaped text (a
        // Foundation bug; the parser keeps it, see MalformedInputTests).
        return pool
    }()

    /// A random string of `1...maxLength` scalars (or 0 when `allowEmpty`).
    mutating func randomString(maxLength: Int = 12, allowEmpty: Bool = false) -> String {
        let count = int((allowEmpty ? 0 : 1)...maxLength)
        var text = String.UnicodeScalarView()
        for _ in 0..<count {
            text.append(chance(0.7) ? Unicode.Scalar(UInt8(int(0x61...0x7A))) : pick(Self.scalarPool))
        }
        return String(text)
    }

    /// A random id or name: like ``randomString(maxLength:allowEmpty:)`` without control characters
    /// (U+0000–U+001F, U+007F), which ids, feature names and model versions may not hold.
    mutating func randomName(maxLength: Int = 12) -> String {
        let count = int(1...maxLength)
        var text = String.UnicodeScalarView()
        for _ in 0..<count {
            var scalar = chance(0.7) ? Unicode.Scalar(UInt8(int(0x61...0x7A))) : pick(Self.scalarPool)
            if scalar.value < 0x20 || scalar.value == 0x7F { scalar = "_" }
            text.append(scalar)
        }
        return String(text)
    }

    /// `text` as a JSON string literal, each scalar written raw or escaped at random.
    mutating func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += chance(0.8) ? "\\\"" : "\\u0022"
            case "\\": out += chance(0.8) ? "\\\\" : "\\u005C"
            case "/": out += chance(0.3) ? "\\/" : "/"
            case "\n": out += chance(0.7) ? "\\n" : "\\u000a"
            case "\t": out += chance(0.7) ? "\\t" : "\\u0009"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || chance(0.15) {
                    out += escaped(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `\uXXXX`, or a surrogate pair for scalars above U+FFFF, in random hex case.
    mutating func escaped(_ scalar: Unicode.Scalar) -> String {
        func unit(_ value: UInt32) -> String {
            let hex = String(value, radix: 16)
            let padded = String(repeating: "0", count: 4 - hex.count) + hex
            return "\\u" + (chance(0.5) ? padded.uppercased() : padded)
        }
        guard scalar.value > 0xFFFF else { return unit(scalar.value) }
        let offset = scalar.value - 0x10000
        return unit(0xD800 + (offset >> 10)) + unit(0xDC00 + (offset & 0x3FF))
    }

    // MARK: Numbers

    /// A random finite number, spelled in one of many valid ways.
    mutating func number() -> String {
        switch int(0...9) {
        case 0: return String(Int64.random(in: -1_000_000...1_000_000, using: &random))
        case 1: return String(Int64.random(in: .min ... .max, using: &random))
        case 2:
            return pick([
                "0", "-0", "-0.0", "0.0", "0e0", "-0E-7", "0.000", "4503599627370496.5", "2.2250738585072011e-308",
            ])
        case 3: return spell(Double.random(in: -1...1, using: &random))
        case 4: return spell(Double.random(in: -1e6...1e6, using: &random))
        case 5: return longDigits()
        default:
            // Any finite double, from its bits: subnormals, huge, tiny.
            var value: Double
            repeat { value = Double(bitPattern: random.next()) } while !value.isFinite
            return spell(value)
        }
    }

    /// `value` written shortest, with 17 significant digits, or with a random precision.
    mutating func spell(_ value: Double) -> String {
        var text: String
        switch int(0...3) {
        case 0: text = "\(value)"
        case 1: text = String(format: "%.17g", value)
        case 2: text = String(format: "%.\(int(0...20))e", value)
        default: text = String(format: "%.\(int(1...25))g", value)
        }
        // Fewer digits can round the largest doubles up past the range ("2e+308"): keep those shortest.
        if text.withCString({ strtod($0, nil) }).isInfinite { text = "\(value)" }
        // `%g` may print "1e+20" or "-0"; both are JSON. Vary the exponent's spelling.
        if text.contains("e") {
            if chance(0.3) { text = text.replacingOccurrences(of: "e", with: "E") }
            if chance(0.3) { text = text.replacingOccurrences(of: "+", with: "") }
        }
        return text
    }

    /// 18 to 40 significant digits with an exponent: the inputs where rounding is hardest.
    mutating func longDigits() -> String {
        var digits = String(int(1...9))
        for _ in 0..<int(17...39) { digits += String(int(0...9)) }
        let point = int(1...digits.count)
        var text = String(digits.prefix(point))
        if point < digits.count { text += "." + digits.dropFirst(point) }
        // The value's magnitude is about 10^(point + exponent): keep it inside the range of doubles,
        // and above it, since JSONDecoder refuses a whole document holding a number that
        // underflows to zero (`1e-400`; numbersAreCorrectlyRounded covers those against strtod).
        return (chance(0.5) ? "-" : "") + text + "e" + String(int(-300...300) - point)
    }
}
