/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA): a
/// small seeded generator, so that benchmarks, the demo and property tests see the same data every run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Advances the generator as `draws` calls of ``next()`` would, in O(1): the state moves by the same
    /// constant on every call.
    public mutating func skip(_ draws: Int) {
        state &+= UInt64(truncatingIfNeeded: draws) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Uniform on [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform on (0, 1): never 0, so its logarithm is finite.
    public mutating func unit() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }
}
