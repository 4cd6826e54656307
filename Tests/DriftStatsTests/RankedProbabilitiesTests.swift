import Foundation
import Testing

@testable import DriftStats

/// The rank sum kept as batches arrive, the area taken from it, and the estimate fold built on both,
/// against brute force and against NannyML's rounded walk (cbpe.json).
@Suite("Ranked probabilities and the rank-sum ROC area")
struct RankedProbabilitiesTests {
    /// Σ_j j·q_(j) over `values` sorted ascending, and Σ q: the definition, by brute force.
    static func bruteForce(_ values: [UInt64]) -> (rankSum: UInt128, total: UInt128) {
        var rankSum: UInt128 = 0
        var total: UInt128 = 0
        for (rank, value) in values.sorted().enumerated() {
            rankSum += UInt128(rank) * UInt128(value)
            total += UInt128(value)
        }
        return (rankSum, total)
    }

    @Test("the rank sum equals the brute-force sum for any batching, with ties and merges of capped runs")
    func rankSumMatchesBruteForce() {
        var generator = SplitMix64(seed: 41)
        for largestMerge in [1, 64, 1 << 22] {
            var set = RankedProbabilities(largestMerge: largestMerge)
            var all: [UInt64] = []
            for batch in 0..<120 {
                let size = Int(generator.next() % 200) + (batch % 17 == 0 ? 1_000 : 0)
                // Few distinct values in some batches, so that ties span runs.
                var values = (0..<size).map { _ in
                    batch % 3 == 0
                        ? RankedProbabilities.quantised(Double(generator.next() % 7) / 6)
                        : RankedProbabilities.quantised(generator.nextUnit())
                }
                all += values
                set.insert(&values)
                if batch % 10 == 9 {
                    let expected = Self.bruteForce(all)
                    #expect(set.rankSum == expected.rankSum, "after batch \(batch), largest merge \(largestMerge)")
                    #expect(set.total == expected.total)
                    #expect(set.count == all.count)
                }
            }
            #expect(set.runs.allSatisfy { $0.count <= max(largestMerge, 1_200) })
            let ascending = set.ascending()
            #expect(ascending == all.sorted())
        }
    }

    @Test("the rank-sum area is within the proven bound of the rounded walk, and within 1e-7 past the mass threshold")
    func areaWithinBoundOfRoundedWalk() throws {
        var generator = SplitMix64(seed: 5)
        for trial in 0..<40 {
            let count = 600 + Int(generator.next() % 20_000)
            // Skewed probabilities in some trials, so that expected positives or negatives are few.
            let power = [1.0, 3.0, 0.3, 8.0][trial % 4]
            var values = (0..<count).map { _ in RankedProbabilities.quantised(pow(generator.nextUnit(), power)) }
            var set = RankedProbabilities()
            set.insert(&values)
            let p = Double(set.total) / Double(RankedProbabilities.scale)
            let negatives = Double(count) - p
            let area = try #require(ExpectedROCArea.area(rankSum: set.rankSum, total: set.total, count: count))
            let ascending = set.ascending().map { Double($0) / Double(RankedProbabilities.scale) }
            let walk = try #require(EstimatedPerformanceAccumulator.expectedROCAUC(ascending: ascending))
            let bound = 1e-5 / p + 1.5e-5 / negatives + 1e-12
            #expect(abs(area - walk) <= bound, "trial \(trial): P \(p), m − P \(negatives)")
            if ExpectedROCArea.usesRankSum(total: set.total, count: count) {
                #expect(abs(area - walk) <= 1e-7, "trial \(trial)")
            }
        }
    }

    @Test("the rank-sum area of every golden window is within 1e-6 of NannyML's ROC AUC")
    func goldenWindowsByRankSum() throws {
        let golden = try EstimatedPerformanceGoldenTests.load()
        let calibration = try #require(ScoreCalibration.fit(scores: golden.scores, labels: golden.labels))
        for (startText, events, _, window) in try EstimatedPerformanceGoldenTests.expectedWindows(golden) {
            var set = RankedProbabilities()
            var values = events.map { RankedProbabilities.quantised(calibration($0.score)) }
            set.insert(&values)
            let area = try #require(ExpectedROCArea.area(rankSum: set.rankSum, total: set.total, count: events.count))
            let expected = try #require((window["roc_auc"] as? NSNumber)?.doubleValue)
            #expect(abs(area - expected) <= 1e-6, "\(startText): \(area) vs \(expected)")
        }
    }

    @Test("an estimate taken between batches equals the estimate of all events folded at once, bit for bit, and survives its archive")
    func incrementalEqualsScratch() throws {
        var generator = SplitMix64(seed: 9)
        let calibration = try #require(
            ScoreCalibration.fit(
                scores: (0..<2_000).map { _ in generator.nextUnit() },
                labels: (0..<2_000).map { _ in generator.nextUnit() < 0.4 }))
        let events = (0..<30_000).map { _ in (generator.nextUnit(), generator.next() % 3 == 0) }
        var incremental = EstimateFold(calibration: calibration)
        var offset = 0
        var batch = 1
        while offset < events.count {
            let end = min(events.count, offset + batch)
            for (score, positive) in events[offset..<end] { incremental.add(score: score, predictedPositive: positive) }
            _ = incremental.estimate()
            offset = end
            batch = batch * 3 + 7
        }
        var scratch = EstimateFold(calibration: calibration)
        for (score, positive) in events.reversed() { scratch.add(score: score, predictedPositive: positive) }
        let estimateA = incremental.estimate()
        let estimateB = scratch.estimate()
        let a = try #require(estimateA)
        let b = try #require(estimateB)
        #expect(a == b)
        #expect(ExpectedROCArea.usesRankSum(total: scratch.ranked.total, count: scratch.count))

        var writer = ArchiveWriter()
        incremental.archive(into: &writer)
        var reader = ArchiveReader(writer.bytes)
        var restored = try EstimateFold(calibration: calibration, unarchiving: &reader)
        #expect(reader.isAtEnd)
        let restoredEstimate = restored.estimate()
        #expect(restoredEstimate == a)
        restored.add(score: 0.5, predictedPositive: true)
        scratch.add(score: 0.5, predictedPositive: true)
        let (afterRestore, afterScratch) = (restored.estimate(), scratch.estimate())
        #expect(afterRestore == afterScratch)
    }

    @Test("memory follows the distinct probabilities, not the events: 300,000 calibrated events settle in batches into runs of distinct values with exact rank sums")
    func memoryFollowsDistinctProbabilities() throws {
        var generator = SplitMix64(seed: 23)
        let referenceScores = (0..<2_000).map { _ in generator.nextUnit() }
        let calibration = try #require(
            ScoreCalibration.fit(
                scores: referenceScores, labels: referenceScores.map { generator.nextUnit() < $0 }))
        var fold = EstimateFold(calibration: calibration)
        var all: [UInt64] = []
        for _ in 0..<300_000 {
            let score = generator.nextUnit()
            fold.add(score: score, predictedPositive: score > 0.5)
            all.append(RankedProbabilities.quantised(calibration(score)))
        }
        #expect(fold.pending.count < EstimateFold.settleEvery, "the pending probabilities are settled in batches")
        fold.settle()
        let expected = Self.bruteForce(all)
        #expect(fold.ranked.rankSum == expected.rankSum && fold.ranked.total == expected.total)
        let distinct = Set(all).count
        #expect(distinct * 10 < all.count, "an isotonic calibration maps most scores to a few values")
        // Each run holds at most every distinct value once (12 bytes, plus 24 per block of 16), and the runs
        // are few: far below the 8 bytes per event of one column.
        #expect(fold.ranked.runs.count <= 4)
        #expect(fold.ranked.heldBytes <= 64 + fold.ranked.runs.count * (14 * distinct + 64))
        #expect(fold.heldBytes < 2 * all.count)
        #expect(fold.ranked.ascending() == all.sorted())
    }
}
