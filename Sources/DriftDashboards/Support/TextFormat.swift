import DriftCore
import DriftEvaluation
import Foundation

/// Locale-independent text for numbers and times on the pages, written with integer arithmetic so that
/// a page is byte-for-byte the same on every platform (the golden tests rely on it).
enum TextFormat {
    /// `value` rounded to at most `digits` decimals, trailing zeros dropped: `0.25`, `3`, `-1.5`.
    /// Non-finite values are written `∞`, `−∞` and `NaN`.
    static func decimal(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "−∞" : "∞" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return scientific(value) }
        let units = Int64(scaled)
        let power = Int64(scale)
        var text = String(units / power)
        var fraction = units % power
        if fraction != 0 {
            var width = digits
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: width - fractionText.count) + fractionText
        }
        return (value < 0 && units != 0 ? "-" : "") + text
    }

    /// A statistic for a label or a table: about three significant digits, `1.2e-7` for tiny values.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value, digits: 0) }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 1e15 { return scientific(value) }
        if magnitude >= 1000 { return grouped(Int64(value.rounded())) }
        if magnitude >= 100 { return decimal(value, digits: 0) }
        if magnitude >= 10 { return decimal(value, digits: 1) }
        if magnitude >= 1 { return decimal(value, digits: 2) }
        if magnitude >= 0.001 { return decimal(value, digits: 3 - exponent(magnitude) - 1) }
        return scientific(value)
    }

    /// `value` × 100 with one decimal and a percent sign: `12.5%`.
    static func percent(_ value: Double) -> String {
        decimal(value * 100, digits: 1) + "%"
    }

    /// An integer with thousands separated by commas: `12,345`.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(character)
        }
        return (value < 0 ? "-" : "") + text
    }

    /// An integer with thousands separated by commas.
    static func grouped(_ value: Int) -> String { grouped(Int64(value)) }

    /// A count held in a double, rounded and grouped (`12,345`); scientific beyond 10¹⁵, where a double
    /// no longer holds every integer; `NaN` and `∞` for non-finite values.
    static func count(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value, digits: 0) }
        return abs(value) < 1e15 ? grouped(Int64(value.rounded())) : scientific(value)
    }

    /// A pixel coordinate held in a double as a whole number, for any input: rounded, clamped to
    /// ±10⁹ (far outside any chart), NaN as 0.
    static func pixel(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        return Int(min(max(value.rounded(), -1e9), 1e9))
    }

    /// `1.2e-7`: two significant digits and a decimal exponent.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value, digits: 0) }
        let magnitude = abs(value)
        guard magnitude > 0 else { return "0" }
        var power = exponent(magnitude)
        // 10^power underflows to 0 below about 1e-308 (subnormals reach 5e-324): scale those up first.
        var mantissa = power < -290 ? (magnitude * 1e300) / pow10(power + 300) : magnitude / pow10(power)
        if (mantissa * 10).rounded() >= 100 {
            power += 1
            mantissa /= 10
        }
        return (value < 0 ? "-" : "") + decimal(mantissa, digits: 1) + "e" + String(power)
    }

    /// ⌊log₁₀ value⌋ for a positive finite value. Estimated with `log10`, then corrected by comparing
    /// with exact powers of ten (``pow10(_:)``), so that it is exact at the powers themselves.
    static func exponent(_ value: Double) -> Int {
        guard value > 0, value.isFinite else { return 0 }
        var power = Int(log10(value).rounded(.down))
        if pow10(power) > value { power -= 1 }
        if pow10(power + 1) <= value { power += 1 }
        return power
    }

    /// 10^power, correctly rounded: 10ⁿ is exact in a double up to n = 22, and 1 / 10ⁿ is one correctly
    /// rounded division, so `pow10(-3) == 0.001`. Beyond ±22 the result is within an ulp or two.
    static func pow10(_ power: Int) -> Double {
        var exact = 1.0
        for _ in 0..<min(abs(power), 22) { exact *= 10 }
        var result = power < 0 ? 1 / exact : exact
        if abs(power) > 22 {
            for _ in 22..<abs(power) { result = power < 0 ? result / 10 : result * 10 }
        }
        return result
    }

    /// `2026-01-05 13:00 UTC`: a window boundary to the minute.
    static func time(_ milliseconds: Int64) -> String {
        String(RFC3339.string(milliseconds: milliseconds).prefix(16)).replacingOccurrences(of: "T", with: " ")
            + " UTC"
    }

    /// `2026-01-05 13:00:07 UTC`: an instant to the second.
    static func instant(_ milliseconds: Int64) -> String {
        String(RFC3339.string(milliseconds: milliseconds).prefix(19)).replacingOccurrences(of: "T", with: " ")
            + " UTC"
    }

    /// `1h`, `15m`, `2d`, `90s`: a window length.
    static func duration(_ milliseconds: Int64) -> String {
        DurationText.string(milliseconds: milliseconds)
    }
}
