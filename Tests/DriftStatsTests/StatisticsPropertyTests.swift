import Foundation
import Testing

@testable import DriftStats

/// Properties that hold for any data, checked on seeded random samples of many shapes.
@Suite("Statistics properties")
struct StatisticsPropertyTests {
    /// A seeded sample generator (SplitMix64) so failures reproduce.
    struct Sampler {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }
        mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        /// A sample of `count` values: continuous, heavily tied, or mixed, with a random shift.
        mutating func sample(_ count: Int) -> [Double] {
            let kind = int(3)
            let shift = unit() - 0.5
            return (0..<count).map { _ in
                switch kind {
                case 0: return unit() * 4 - 2 + shift
                case 1: return Double(int(5)) + (shift > 0 ? 1 : 0)
                default: return unit() < 0.3 ? 0.5 : unit() + shift
                }
            }
        }
    }

    static let seeds: [UInt64] = Array(1...40)

    @Test("KS is symmetric in its samples", arguments: seeds)
    func ksSymmetric(seed: UInt64) throws {
        var sampler = Sampler(state: seed)
        let a = sampler.sample(1 + sampler.int(300))
        let b = sampler.sample(1 + sampler.int(300))
        let forward = try #require(NumericComparison(reference: NumericReference(values: a), window: b))
        let backward = try #require(NumericComparison(reference: NumericReference(values: b), window: a))
        #expect(abs(forward.ks.statistic - backward.ks.statistic) <= 1e-15)
        #expect(abs(forward.ks.pvalue - backward.ks.pvalue) <= 1e-12 * max(forward.ks.pvalue, 1e-300))
        #expect(abs(forward.wasserstein - backward.wasserstein) <= 1e-12 * max(forward.wasserstein, 1))
    }

    @Test("Identical samples: D = 0, p = 1, PSI = 0, JS = 0, W = 0", arguments: seeds)
    func identicalSamples(seed: UInt64) throws {
        var sampler = Sampler(state: seed)
        let values = sampler.sample(1 + sampler.int(500))
        let comparison = try #require(NumericComparison(reference: NumericReference(values: values), window: values.shuffled()))
        #expect(comparison.ks.statistic == 0)
        #expect(comparison.ks.pvalue == 1)
        #expect(comparison.psi == 0)
        #expect(comparison.jensenShannon == 0)
        #expect(comparison.wasserstein == 0)
    }

    @Test("PSI ≥ 0 and 0 ≤ JS ≤ √ln 2 for numeric and categorical data", arguments: seeds)
    func boundedDistances(seed: UInt64) throws {
        var sampler = Sampler(state: seed)
        let numeric = try #require(NumericComparison(
            reference: NumericReference(values: sampler.sample(200), bins: 1 + sampler.int(20)),
            window: sampler.sample(1 + sampler.int(200))))
        let limit = log(2.0).squareRoot() + 1e-15
        #expect(numeric.psi >= 0)
        #expect(numeric.jensenShannon >= 0 && numeric.jensenShannon <= limit)
        #expect(numeric.ks.pvalue >= 0 && numeric.ks.pvalue <= 1)

        let levels = (0..<(1 + sampler.int(8))).map { "level\($0)" }
        let reference = CategoricalColumn(values: (0..<300).map { _ in levels[sampler.int(levels.count)] })
        let window = CategoricalColumn(values: (0..<(1 + sampler.int(300))).map { _ -> String? in
            sampler.int(10) == 0 ? nil : levels[sampler.int(levels.count)] + (sampler.int(20) == 0 ? "-new" : "")
        })
        guard let categorical = CategoricalComparison(reference: CategoricalReference(column: reference), window: window) else {
            return  // a window of only missing values has nothing to compare
        }
        #expect(categorical.psi >= 0)
        #expect(categorical.jensenShannon >= 0 && categorical.jensenShannon <= limit)
        #expect(categorical.chiSquare.pvalue >= 0 && categorical.chiSquare.pvalue <= 1)
    }

    @Test("Disjoint samples: D = 1, all out of range; disjoint categories: JS = √ln 2, all unseen")
    func disjoint() throws {
        let comparison = try #require(NumericComparison(
            reference: NumericReference(values: (0..<50).map(Double.init)), window: (100..<150).map(Double.init)))
        #expect(comparison.ks.statistic == 1)
        #expect(comparison.outOfRangeShare == 1)
        let categorical = try #require(CategoricalComparison(
            reference: CategoricalReference(column: CategoricalColumn(values: ["a", "b", "a"])),
            window: CategoricalColumn(values: ["c", "d"])))
        #expect(abs(categorical.jensenShannon - log(2.0).squareRoot()) <= 1e-12)
        #expect(categorical.unseenShare == 1)
    }

    @Test("Missing values are counted and left out")
    func missingValues() throws {
        let reference = NumericReference(values: [1, 2, .nan, 3, .infinity, 4])
        #expect(reference.count == 4 && reference.missing == 2)
        let comparison = try #require(NumericComparison(reference: reference, window: [.nan, 2, 3, -.infinity]))
        #expect(comparison.count == 2 && comparison.missing == 2)
        #expect(NumericComparison(reference: reference, window: [.nan, .nan]) == nil)
    }

    @Test("A reference profile survives a JSON round trip and compares the same")
    func profileRoundTrip() throws {
        var sampler = Sampler(state: 7)
        let profile = ReferenceProfile(
            features: [
                ("amount", .numeric(NumericReference(values: sampler.sample(1000), bins: 12))),
                ("channel", .categorical(CategoricalReference(column: CategoricalColumn(values: ["web", "ios", nil, "web"])))),
            ],
            rowCount: 1000)
        let decoded = try JSONDecoder().decode(ReferenceProfile.self, from: JSONEncoder().encode(profile))
        #expect(decoded == profile)
        #expect(decoded.featureOrder == ["amount", "channel"])
        let window = ColumnValues.numeric(sampler.sample(300))
        let before = try profile.features["amount"]!.compare(window: window).get()
        let after = try decoded.features["amount"]!.compare(window: window).get()
        #expect(before == after)
    }

    @Test("Drift decisions follow each method's threshold direction")
    func driftDecisions() throws {
        let comparison = try #require(NumericComparison(
            reference: NumericReference(values: (0..<1000).map { Double($0) / 1000 }),
            window: (0..<1000).map { Double($0) / 1000 + 0.5 }))
        for method in DriftMethod.allCases {
            let decision = comparison.decision(by: method)
            #expect(decision.drift, "\(method) should flag a half-range shift")
            #expect(decision.method != .chi2, "chi-square does not apply to numeric columns")
        }
        #expect(!comparison.decision(by: .psi, threshold: 1e9).drift)
    }
}

/// Inputs at the edges of the double range must not hang or crash.
@Suite("Extreme values")
struct ExtremeValueTests {
    @Test("A reference spanning the whole double range compares without NaN edges")
    func fullRange() throws {
        let reference = NumericReference(values: [-.greatestFiniteMagnitude, 0, .greatestFiniteMagnitude, 1, -1])
        #expect(reference.edges.allSatisfy { $0.isFinite })
        #expect(zip(reference.edges, reference.edges.dropFirst()).allSatisfy { $0 < $1 })
        let comparison = try #require(NumericComparison(reference: reference, window: [.greatestFiniteMagnitude, 0, 5]))
        #expect(comparison.psi.isFinite && comparison.ks.statistic <= 1)
    }
}
