/// The 128-bit truncated powers of five used by the Eisel–Lemire algorithm.
///
/// For every decimal exponent `q` in `minimumExponent...maximumExponent` the table holds a
/// 128-bit integer `T(q)` and a binary exponent `e(q)` such that
///
///     5^q = T_exact(q) · 2^e(q),   2^127 ≤ T_exact(q) < 2^128,   T(q) = ⌊T_exact(q)⌋.
///
/// `T(q)` is exact when `5^q < 2^128` (0 ≤ q ≤ 55) and within one unit below the true value
/// otherwise. The entries are computed once per process, the first time ``shared`` is used,
/// with exact big-integer arithmetic (``ExactUnsigned``): positive powers by repeated
/// multiplication by five, negative ones as `⌊2^1024 / 5^n⌋` by repeated floor division by five
/// (`⌊⌊a/5⌋/5⌋ = ⌊a/25⌋`, so every step is exact). No table is copied from elsewhere.
///
/// See Daniel Lemire, "Number Parsing at a Gigabyte per Second", Software: Practice and
/// Experience 51(8), 2021, section 5, for why 128 bits suffice.
///
/// The entries live in memory that is allocated once and never freed (the table is a
/// process-wide constant), so hot loops can hold plain pointers to it; `@unchecked Sendable`
/// because it is never written after initialisation.
struct PowersOfFive: @unchecked Sendable {
    /// Smallest exponent that can still produce a non-zero double from a 19-digit significand:
    /// `(10^19 − 1) · 10^−343 < 2^−1075`, half the smallest subnormal.
    static let minimumExponent = -342
    /// Largest exponent that can still produce a finite double: `1 · 10^309` overflows.
    static let maximumExponent = 308

    /// The process-wide table, computed on first use (Swift initialises globals and static
    /// stored properties lazily and exactly once, so this is thread-safe).
    static let shared = PowersOfFive()

    /// `T(q)` as (high, low) pairs: `significands[2 * (q − minimumExponent)]` is the high word.
    let significands: UnsafePointer<UInt64>
    /// `e(q)` at index `q − minimumExponent`.
    let binaryExponents: UnsafePointer<Int32>

    /// Number of exponents covered.
    static var count: Int { maximumExponent - minimumExponent + 1 }

    private init() {
        let count = Self.maximumExponent - Self.minimumExponent + 1
        var significands = [UInt64](repeating: 0, count: 2 * count)
        var exponents = [Int32](repeating: 0, count: count)

        func store(_ value: ExactUnsigned, exponentAdjustment: Int, at q: Int) {
            // The top 128 bits of `value`, i.e. ⌊value / 2^(bitLength − 128)⌋ (or value shifted up).
            let shift = value.bitLength - 128
            let slot = q - Self.minimumExponent
            significands[2 * slot] = value.word(atBit: shift + 64)
            significands[2 * slot + 1] = value.word(atBit: shift)
            exponents[slot] = Int32(shift + exponentAdjustment)
        }

        // q ≥ 0: 5^q = (5^q / 2^shift) · 2^shift.
        var power = ExactUnsigned(1)
        for q in 0...Self.maximumExponent {
            store(power, exponentAdjustment: 0, at: q)
            power.multiply(by: 5)
        }

        // q = −n < 0: X = ⌊2^1024 / 5^n⌋ has bit length 1025 − bitLength(5^n) (5^n is not a power
        // of two), and 5^−n = (2^1024 / 5^n) · 2^−1024, so T = ⌊X / 2^shift⌋ and e = shift − 1024.
        // Dropping the fraction of 2^1024 / 5^n first does not change ⌊· / 2^shift⌋.
        var reciprocal = ExactUnsigned(powerOfTwo: 1024)
        for n in 1...(-Self.minimumExponent) {
            reciprocal.divide(by: 5)
            store(reciprocal, exponentAdjustment: -1024, at: -n)
        }

        let significandStorage = UnsafeMutablePointer<UInt64>.allocate(capacity: significands.count)
        significandStorage.initialize(from: significands, count: significands.count)
        let exponentStorage = UnsafeMutablePointer<Int32>.allocate(capacity: exponents.count)
        exponentStorage.initialize(from: exponents, count: exponents.count)
        self.significands = UnsafePointer(significandStorage)
        self.binaryExponents = UnsafePointer(exponentStorage)
    }
}
