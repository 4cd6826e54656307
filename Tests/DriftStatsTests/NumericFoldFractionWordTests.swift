import Testing

@testable import DriftStats

/// ``NumericFold/fractionWord(_:)`` rounds as `Double.rounded()` (halves away from zero) clamped to 2⁵³,
/// which it replaced in the fold's hot loop.
@Suite("Numeric fold: fraction words")
struct NumericFoldFractionWordTests {
    /// The formula the fold used before: libm's `round`, then the clamp.
    private static func viaRound(_ fraction: Double) -> UInt64 {
        fraction > 0 ? UInt64(Swift.min(fraction.rounded(), NumericFold.fractionScale)) : 0
    }

    @Test("halves, their neighbours, the ends of the range and random fractions round as libm does")
    func sameAsRound() {
        let scale = NumericFold.fractionScale
        var fractions: [Double] = [
            0, -0.0, -1, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, 0.5, 1.5, 2.5, 0.49999999999999994,
            scale, scale.nextDown, scale.nextUp, scale * 2, scale / 2, (scale / 2).nextDown, (scale / 2) + 0.5,
            (scale / 4) + 0.5, (scale / 4) + 0.25, 4_503_599_627_370_495.5,
        ]
        for whole in [0.0, 1, 2, 3, 1e6, 123_456_789, 1e15, 2e15, 4e15] {
            for delta in [0.5, 0.25, 0.75] {
                let half = whole + delta
                fractions += [half, half.nextDown, half.nextUp]
            }
        }
        var random = SplitMix64(seed: 5)
        for _ in 0..<200_000 {
            // Uniform over the scaled range, and small values with fine fractions.
            fractions.append(random.nextUnit() * scale)
            fractions.append(random.nextUnit() * 64)
        }
        var halves = 0
        for fraction in fractions {
            #expect(NumericFold.fractionWord(fraction) == Self.viaRound(fraction), "\(fraction)")
            if fraction.isFinite && fraction - fraction.rounded(.down) == 0.5 { halves += 1 }
        }
        #expect(halves >= 20, "exact halves are among the cases")
    }
}
