#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import DriftTabular

@Suite("Decimal parser")
struct DecimalParserTests {
    /// What the C library says, or `nil` when `strtod` does not consume the whole string.
    static func strtodTruth(_ text: String) -> Double? {
        text.withCString { pointer in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(pointer, &end)
            guard let end, end - UnsafeMutablePointer(mutating: pointer) == text.utf8.count, !text.isEmpty else { return nil }
            return value
        }
    }

    static func agrees(_ text: String) -> Bool {
        let ours = DecimalParser.parse(text)
        let truth = strtodTruth(text)
        switch (ours, truth) {
        case (nil, nil): return true
        case let (ours?, truth?): return ours.bitPattern == truth.bitPattern || (ours.isNaN && truth.isNaN)
        default: return false
        }
    }

    @Test("edge cases match strtod", arguments: [
        "0", "-0", "0.0", "1", "-1", "1e308", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "2e308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "5e-324", "1e-324", "3e-324", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "2.2250738585072014e-308", "9007199254740993", "9007199254740992",
        "9007199254740994.5", "4503599627370496.5", "4503599627370497.5", "1e23", "8.98846567431158e307",
        "0.1", "0.3", ".5", "5.", "-.5e-3", "+1.5E+3", "1e+400", "1e-400", "1e99999999999999999999",
        "1234567890123456789012345678901234567890", "0.000000000000000000000000000000000000000001",
        "00000000000000000000000000001.5", "7.368784768118667", "-0.32133020599790396",
        "inf", "-Infinity", "NaN", "INF", "1e", "1e+", ".", "-", "+", "e5", "1.2.3", "1_000", "1,5", "infinit",
        "123456789012345678901234567890e-40", "0.9999999999999999999999999999999999",
    ])
    func edgeCases(_ text: String) {
        #expect(Self.agrees(text), "\(text)")
    }

    @Test("spaces and tabs around a number are ignored; hex and nan payloads are not numbers")
    func documentedDifferences() {
        #expect(DecimalParser.parse("  3.25\t") == 3.25)
        #expect(DecimalParser.parse(" ") == nil)
        #expect(DecimalParser.parse("0x1p3") == nil)
        #expect(DecimalParser.parse("nan(1)") == nil)
        #expect(DecimalParser.parse("1 2") == nil)
    }

    @Test("100 000 seeded random inputs are bit-identical to strtod")
    func randomInputs() {
        var generator = SplitMix64(seed: 2021)
        var mismatches: [String] = []
        for index in 0..<100_000 {
            let text: String
            switch index % 4 {
            case 0:
                // A random finite double with 17 significant digits.
                var bits: Double
                repeat { bits = Double(bitPattern: generator.next()) } while !bits.isFinite
                text = Self.format(bits, digits: 17)
            case 1:
                // Shortest round-trip form.
                var bits: Double
                repeat { bits = Double(bitPattern: generator.next()) } while !bits.isFinite
                text = bits.description
            case 2:
                // Data-like magnitudes.
                let unit = Double(generator.next() >> 11) / 9_007_199_254_740_992.0 - 0.5
                text = Self.format(unit * Double(sign: .plus, exponent: Int(generator.next() % 40) - 20, significand: 1), digits: 17)
            default:
                // Up to 25 random digits, a random point and a random exponent (subnormal and overflow ranges).
                var digits = ""
                for _ in 0..<(1 + Int(generator.next() % 25)) { digits.append(Character(Unicode.Scalar(UInt8(48 + generator.next() % 10)))) }
                if generator.next() % 2 == 0 {
                    let point = Int(generator.next() % UInt64(digits.count + 1))
                    digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point))
                }
                if digits == "." { digits = "0.5" }
                let range = [20, 330, 400][Int(generator.next() % 3)]
                let exponent = Int(generator.next() % UInt64(2 * range + 1)) - range
                text = (generator.next() % 3 == 0 ? "-" : "") + digits + (generator.next() % 4 == 0 ? "" : "e\(exponent)")
            }
            if !Self.agrees(text) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("the power-of-five table satisfies its definition")
    func table() {
        let table = PowersOfFive.shared
        for q in PowersOfFive.minimumExponent...PowersOfFive.maximumExponent {
            let slot = q - PowersOfFive.minimumExponent
            #expect(table.significands[2 * slot] >> 63 == 1, "T(\(q)) is normalised")
        }
        // 5^0 = 2^127 · 2^-127 and 5^1 = (5 · 2^125) · 2^-125, exactly.
        let zero = -PowersOfFive.minimumExponent
        #expect(table.significands[2 * zero] == 1 << 63 && table.significands[2 * zero + 1] == 0)
        #expect(table.binaryExponents[zero] == -127)
        #expect(table.significands[2 * (zero + 1)] == 5 << 61 && table.binaryExponents[zero + 1] == -125)
    }

    static func format(_ value: Double, digits: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress!, 64, "%.\(digits)g", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }
}
