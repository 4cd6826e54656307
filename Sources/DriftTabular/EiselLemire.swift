/// The Eisel–Lemire step: the correctly rounded binary64 nearest to `w · 10^q`.
///
/// The algorithm is the one of Daniel Lemire, "Number Parsing at a Gigabyte per Second",
/// Software: Practice and Experience 51(8), 2021 (after an idea of Michael Eisel): normalise `w`
/// to 64 bits, multiply it by a 128-bit truncation of `5^q` (``PowersOfFive``), keep the top
/// 54 bits of the product and round. Noble Mushtak and Daniel Lemire, "Fast Number Parsing
/// Without Fallback", Software: Practice and Experience 53(6), 2023, prove that for 64-bit `w`
/// the 128-bit product never leaves the answer undecided; this implementation nevertheless
/// keeps an explicit, provably sufficient safety test and answers `nil` ("cannot decide") when
/// the product is too close to a rounding boundary, so that callers fall back to `strtod`.
/// For random 17-digit inputs that happens with probability about 2^−70; in practice only
/// for exact halfway cases with a negative exponent, such as `4503599627370496.5`.
///
/// Error analysis. Write `W = w · 2^lz` with `2^63 ≤ W < 2^64` and `5^q = T_exact · 2^e`.
/// With `T = ⌊T_exact⌋`, `0 ≤ T_exact − T < 1`, hence `0 ≤ W·T_exact − W·T < 2^64`. We compute
/// `P = ⌊W·T / 2^64⌋` exactly (two 64×64→128 products), so the true scaled value
/// `V = W·T_exact / 2^64` satisfies `P ≤ V < P + 2`. Split `P = M · 2^k + R` where `M` is the
/// top 54 bits and `R < 2^k` the rest. If `2 ≤ R ≤ 2^k − 3`, then `V = (M + ε) · 2^k` with
/// `0 < ε < 1`: the top 54 bits of the true value are `M`, and the true value is never exactly
/// on a rounding boundary, so rounding `M` half-up at any bit position gives the correctly
/// rounded result (normal or subnormal). When `0 ≤ q ≤ 55`, `T` is exact and the low product
/// word completes `V` exactly, so even ties are decided (to even) without falling back.
enum EiselLemire {
    /// Bit pattern of +infinity.
    @inline(__always) static var infinityBits: UInt64 { 0x7FF0_0000_0000_0000 }

    /// The binary64 bit pattern (sign bit clear) nearest to `w · 10^q`, ties to even, or `nil`
    /// when the 128-bit product cannot decide. Requires `w ≠ 0`; `table` is ``PowersOfFive/shared``.
    @inline(__always)
    static func binary64Bits(significand w: UInt64, exponent q: Int, table: PowersOfFive) -> UInt64? {
        if q < PowersOfFive.minimumExponent { return 0 }
        if q > PowersOfFive.maximumExponent { return infinityBits }

        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let slot = q - PowersOfFive.minimumExponent
        let tableHigh = table.significands[2 * slot]
        let tableLow = table.significands[2 * slot + 1]
        let binaryExponent = Int(table.binaryExponents[slot])

        // P = ⌊W · T / 2^64⌋ as (high, low); it cannot overflow 128 bits since W·T < 2^192.
        let first = normalized.multipliedFullWidth(by: tableHigh)
        let second = normalized.multipliedFullWidth(by: tableLow)
        let (low, carry) = first.low.addingReportingOverflow(second.high)
        let high = first.high &+ (carry ? 1 : 0)

        // P ≥ 2^126; keep its top 54 bits. `shift` counts the bits of `high` below them.
        let upperBit = Int(high >> 63)
        let shift = UInt64(9 + upperBit)
        let top54 = high >> shift
        let restMask: UInt64 = (1 << shift) - 1
        let restHigh = high & restMask

        // value ≈ top54 · 2^f with f = 128 + shift + e + q − lz.
        let f = 128 + Int(shift) + binaryExponent + q - leadingZeros
        let exactProduct = q >= 0 && q <= 55

        var roundUp: Bool
        if exactProduct {
            // V = P + second.low / 2^64 exactly.
            let roundBit = top54 & 1 == 1
            let restIsZero = restHigh == 0 && low == 0 && second.low == 0
            if roundBit && restIsZero {
                roundUp = (top54 >> 1) & 1 == 1 // exact tie: to even
            } else {
                roundUp = roundBit
            }
            // q ≥ 0 never produces a subnormal.
            return assembleNormal(top54: top54, roundUp: roundUp, f: f)
        }

        // Safety test: 2 ≤ R ≤ 2^k − 3 with R = restHigh:low and k = shift + 64.
        if restHigh == 0 && low <= 1 { return nil }
        if restHigh == restMask && low >= UInt64.max - 1 { return nil }

        let biased = f + 1076
        if biased <= 0 {
            // Subnormal (or zero): k = round(top54 · 2^(f + 1074)), right shift by s ≥ 2.
            let s = -(f + 1074)
            if s - 1 >= 64 { return 0 }
            let k = ((top54 >> UInt64(s - 1)) + 1) >> 1
            return k // 2^52 here is the smallest normal, which the bit pattern encodes naturally
        }
        roundUp = top54 & 1 == 1
        return assembleNormal(top54: top54, roundUp: roundUp, f: f)
    }

    /// Rounds `top54` (in `[2^53, 2^54)`) to 53 bits and packs it with exponent `f + 1`.
    @inline(__always)
    private static func assembleNormal(top54: UInt64, roundUp: Bool, f: Int) -> UInt64 {
        var mantissa = (top54 >> 1) + (roundUp ? 1 : 0)
        var biased = f + 1076
        if mantissa == 1 << 53 {
            mantissa = 1 << 52
            biased += 1
        }
        if biased >= 0x7FF { return infinityBits }
        if biased <= 0 {
            // Only reachable through the exact path, which cannot produce subnormals; be safe.
            return 0
        }
        return (UInt64(biased) << 52) | (mantissa & ((1 << 52) - 1))
    }
}
