import Foundation

/// Maps values to a chart's vertical extent and chooses its tick values.
enum ValueScale: Sendable, Equatable {
    /// Linear between `min` and `max`.
    case linear(min: Double, max: Double)
    /// Logarithmic between `min` and `max` (both > 0); used for p-values, whose interesting range is
    /// many orders of magnitude below the threshold.
    case log10(min: Double, max: Double)

    /// A linear scale from `low` to a "nice" bound at or above `high`, with `ticks` about that many
    /// round tick values (Paul Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990: steps of
    /// 1, 2 or 5 times a power of ten).
    static func nice(low: Double, high: Double, ticks: Int = 4) -> ValueScale {
        let low = low.isFinite ? low : 0
        var high = high.isFinite ? high : low + 1
        if high <= low { high = low + (low == 0 ? 1 : abs(low)) }
        let step = niceStep((high - low) / Double(max(ticks, 1)))
        return .linear(min: (low / step).rounded(.down) * step, max: (high / step).rounded(.up) * step)
    }

    /// A log scale for p-values: from 1 down to the power of ten at or below the smallest positive
    /// value, at least 1e-3 and at most 1e-12 (smaller p-values, and 0, are drawn at the bottom).
    static func pValues(smallest: Double?) -> ValueScale {
        var power = -3
        if let smallest, smallest > 0 {
            power = min(-3, max(-12, TextFormat.exponent(smallest)))
        } else if smallest == 0 {
            power = -12
        }
        return .log10(min: TextFormat.pow10(power), max: 1)
    }

    /// 1, 2 or 5 × 10ᵏ, the nice number nearest above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = TextFormat.pow10(TextFormat.exponent(rough))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    /// Where `value` lies: 0 at the bottom, 1 at the top, clamped to [0, 1].
    func fraction(_ value: Double) -> Double {
        let raw: Double
        switch self {
        case .linear(let low, let high):
            raw = (value - low) / (high - low)
        case .log10(let low, let high):
            guard value > 0 else { return 0 }
            raw = (Foundation.log10(value) - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low))
        }
        return raw.isNaN ? 0 : min(max(raw, 0), 1)
    }

    /// The tick values, bottom to top.
    var ticks: [Double] {
        switch self {
        case .linear(let low, let high):
            let step = Self.niceStep((high - low) / 4)
            var values: [Double] = []
            var index = (low / step).rounded(.up)
            while index * step <= high + step * 1e-9 && values.count < 12 {
                values.append(index * step)
                index += 1
            }
            return values
        case .log10(let low, let high):
            let lowPower = TextFormat.exponent(low)
            let highPower = TextFormat.exponent(high)
            let stride = max(1, (highPower - lowPower + 4) / 5)
            return Swift.stride(from: lowPower, through: highPower, by: stride).map(TextFormat.pow10)
        }
    }

    /// A tick's label: `0.1`, `1e-6`.
    func label(_ value: Double) -> String {
        switch self {
        case .linear: TextFormat.number(value)
        case .log10: value >= 0.001 ? TextFormat.number(value) : "1e" + String(TextFormat.exponent(value))
        }
    }
}
