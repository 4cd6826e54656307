import Foundation
import Testing

@testable import DriftStats

/// `../shared/golden/multiple_testing.json` (scipy 1.17 `false_discovery_control` and min(1, k·p)), within
/// STATISTICS.md's tolerance (1e-12 relative), plus properties that need no golden file.
@Suite("Multiple testing")
struct MultipleTestingTests {
    @Test("Benjamini–Hochberg and Bonferroni reproduce every golden case")
    func golden() throws {
        let cases = try #require(loadGolden("multiple_testing.json")["cases"] as? [[String: Any]])
        #expect(!cases.isEmpty)
        for testCase in cases {
            let name = testCase["name"] as? String ?? "?"
            let pvalues = try #require(testCase["pvalues"] as? [Double], "\(name)")
            for (method, key) in [(MultipleTesting.bh, "bh"), (.bonferroni, "bonferroni")] {
                let expected = try #require(testCase[key] as? [Double], "\(name).\(key)")
                let adjusted = method.adjust(pvalues)
                #expect(adjusted.count == expected.count)
                for (index, (actual, wanted)) in zip(adjusted, expected).enumerated() {
                    GoldenStatisticsTests.expectRelative(actual, wanted, 1e-12, "\(name).\(key)[\(index)]")
                }
            }
        }
    }

    @Test("adjusted p-values are never below the raw ones, at most 1, and keep their order")
    func properties() {
        var generator = SplitMix64(seed: 9)
        for _ in 0..<50 {
            let k = Int(generator.next() % 40) + 1
            let pvalues = (0..<k).map { _ in Double(generator.next() % 1_000_001) / 1_000_000 }
            for method in [MultipleTesting.bh, .bonferroni] {
                let adjusted = method.adjust(pvalues)
                #expect(zip(adjusted, pvalues).allSatisfy { $0 >= $1 && $0 <= 1 })
                for i in pvalues.indices { for j in pvalues.indices where pvalues[i] < pvalues[j] {
                    #expect(adjusted[i] <= adjusted[j], "\(method): order of \(pvalues[i]) and \(pvalues[j])")
                } }
            }
            #expect(MultipleTesting.none.adjust(pvalues) == pvalues)
            // BH never adjusts more than Bonferroni.
            #expect(zip(MultipleTesting.bh.adjust(pvalues), MultipleTesting.bonferroni.adjust(pvalues)).allSatisfy { $0 <= $1 })
        }
    }
}
