/// A small arbitrary-precision unsigned integer, just capable enough to compute the
/// power-of-five table exactly: multiply by a small factor, floor-divide by a small divisor,
/// and read any 64 consecutive bits.
///
/// It is only used once per process, when ``PowersOfFive/shared`` is first touched, so it
/// favours obviousness over speed.
struct ExactUnsigned: Sendable, Equatable {
    /// Little-endian 64-bit limbs; the most significant limb is never zero (zero has no limbs).
    private(set) var limbs: [UInt64]

    /// The value `2^exponent`.
    init(powerOfTwo exponent: Int) {
        precondition(exponent >= 0)
        limbs = [UInt64](repeating: 0, count: exponent / 64 + 1)
        limbs[exponent / 64] = 1 << UInt64(exponent % 64)
    }

    /// A value that fits one limb.
    init(_ value: UInt64) {
        limbs = value == 0 ? [] : [value]
    }

    /// Number of significant bits (0 for zero).
    var bitLength: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    /// `self *= factor`, exactly.
    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let (high, low) = limbs[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
        normalize()
    }

    /// `self = floor(self / divisor)`.
    mutating func divide(by divisor: UInt64) {
        precondition(divisor != 0)
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let (quotient, rest) = divisor.dividingFullWidth((high: remainder, low: limbs[index]))
            limbs[index] = quotient
            remainder = rest
        }
        normalize()
    }

    /// The 64 bits `floor(self / 2^bit) mod 2^64`; `bit` may be negative (zeros are shifted in).
    func word(atBit bit: Int) -> UInt64 {
        if bit <= -64 { return 0 }
        if bit < 0 { return limb(0) << UInt64(-bit) }
        let index = bit / 64
        let offset = UInt64(bit % 64)
        if offset == 0 { return limb(index) }
        return (limb(index) >> offset) | (limb(index + 1) << (64 - offset))
    }

    private func limb(_ index: Int) -> UInt64 {
        index < limbs.count ? limbs[index] : 0
    }

    private mutating func normalize() {
        while let top = limbs.last, top == 0 { limbs.removeLast() }
    }
}
