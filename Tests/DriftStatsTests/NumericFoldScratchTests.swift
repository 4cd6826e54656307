import Testing

@testable import DriftStats

/// ``NumericFold/Scratch``: working memory a full pass keeps between chunks must not change what is folded.
@Suite("Numeric fold: reused working memory")
struct NumericFoldScratchTests {
    @Test("batches folded with one scratch, large then small, missing values included, equal fresh folds bit for bit")
    func reusedScratchFoldsTheSame() throws {
        var random = SplitMix64(seed: 2_026)
        let reference = NumericReference(values: (0..<5_000).map { _ in random.nextUnit() * 10 - 5 })
        var reused = NumericFold(reference: reference)
        var fresh = NumericFold(reference: reference)
        var scratch = NumericFold.Scratch()
        var window: [Double] = []
        // Sizes that shrink after a large batch, so the scratch holds stale entries past each batch's end.
        for size in [20_000, 300, 7_000, 1, 0, 12_000, 50] {
            let values: [Double] = (0..<size).map { index in
                if index % 97 == 5 { return .nan }
                if index % 211 == 3 { return .infinity }
                return (random.nextUnit() - 0.5) * 14
            }
            window += values
            var reusedBatches: [([UInt64], [Int])] = []
            var freshBatches: [([UInt64], [Int])] = []
            values.withUnsafeBufferPointer { batch in
                reused.add(
                    batch, grouped: { reusedBatches.append(($0.map(\.bitPattern), Array($1))) }, scratch: &scratch)
                fresh.add(batch, grouped: { freshBatches.append(($0.map(\.bitPattern), Array($1))) })
            }
            #expect(reusedBatches.count == freshBatches.count)
            for (a, b) in zip(reusedBatches, freshBatches) { #expect(a.0 == b.0 && a.1 == b.1, "batch of \(size)") }
            #expect(reusedBatches.first?.0.count == values.filter(\.isFinite).count)
        }
        #expect(archive(reused) == archive(fresh))
        for index in 0..<2 {
            var fold = index == 0 ? reused : fresh
            fold.watchNearCrossings()
            window.withUnsafeBufferPointer { fold.gather($0) }
            if index == 0 { reused = fold } else { fresh = fold }
        }
        let (a, b) = (try #require(reused.comparison()), try #require(fresh.comparison()))
        #expect(a.count == b.count && a.binProportions == b.binProportions && a.ks == b.ks && a.psi == b.psi)
        #expect(a.wasserstein.bitPattern == b.wasserstein.bitPattern)
    }

    private func archive(_ fold: NumericFold) -> [UInt8] {
        var writer = ArchiveWriter()
        fold.archive(into: &writer)
        return writer.bytes
    }
}
