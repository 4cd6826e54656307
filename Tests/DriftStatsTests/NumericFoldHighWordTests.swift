import Testing

@testable import DriftStats

/// A slot's fixed-point offset sum passing 2⁶⁴: the high words a ``NumericFold`` allocates only then.
@Suite("Numeric fold: high fraction words")
struct NumericFoldHighWordTests {
    @Test("a slot whose offset sum carries gets high words, compares as the one-shot scan does, and round-trips bit for bit")
    func carryIntoHighWords() throws {
        var random = SplitMix64(seed: 77)
        let reference = NumericReference(values: [0, 1, 2, 3])
        var fold = NumericFold(reference: reference)
        var window: [Double] = []
        for chunk in 0..<20 {
            // Nearly every value strictly inside (0, 1): about 2⁵² per value in that slot's low word.
            let values = (0..<1_000).map { _ in random.nextUnit() * 0.999 + 0.0005 }
            window += values
            values.withUnsafeBufferPointer { fold.add($0) }
            if !fold.unwatchedCrossings.isEmpty {
                fold.watchNearCrossings()
                window.withUnsafeBufferPointer { fold.gather($0) }
            }
            if chunk == 0 {
                #expect(fold.fractionHigh.isEmpty, "1,000 values cannot carry: no high words held")
                try expectRoundTrip(fold, reference: reference)
            }
        }
        #expect(!fold.fractionHigh.isEmpty && fold.fractionHigh.contains { $0 != 0 }, "20,000 values carried")
        let streamed = try #require(fold.comparison())
        let expected = try #require(NumericComparison(reference: reference, window: window))
        #expect(streamed.ks == expected.ks && streamed.binProportions == expected.binProportions)
        #expect(abs(streamed.wasserstein - expected.wasserstein) <= 1e-10 * expected.wasserstein)
        let (mean, expectedMean) = (try #require(streamed.mean), try #require(expected.mean))
        #expect(abs(mean - expectedMean) <= 1e-12 * abs(expectedMean))
        try expectRoundTrip(fold, reference: reference)
    }

    /// The fold's archive decodes to a fold with the same high words and the same comparison, bit for bit.
    private func expectRoundTrip(_ fold: NumericFold, reference: NumericReference) throws {
        var writer = ArchiveWriter()
        fold.archive(into: &writer)
        var reader = ArchiveReader(writer.bytes)
        let decoded = try NumericFold(reference: reference, unarchiving: &reader)
        #expect(reader.isAtEnd)
        #expect(decoded.fractionHigh == fold.fractionHigh)
        let (a, b) = (try #require(fold.comparison()), try #require(decoded.comparison()))
        #expect(a.wasserstein.bitPattern == b.wasserstein.bitPattern && a.mean == b.mean && a.ks == b.ks)
    }
}
