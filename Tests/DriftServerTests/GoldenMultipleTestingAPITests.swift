import Foundation
import Testing

/// `../shared/golden/multiple_testing.json` and the HTTP API (STATISTICS.md, "Multiple testing").
///
/// The API adjusts the p-values a window's features produce; it takes no p-values as input, so the golden
/// lists cannot be sent as they are. The chain instead: the definition written out in this test
/// (``GoldenSlicesAPITests/adjust(_:method:)``) reproduces every golden case within the spec's tolerance
/// here, and ``GoldenSlicesAPITests/adjustedPValuesInEverySliceWindow(method:)`` checks that every
/// `pvalue_adjusted` the real server on 127.0.0.1 reports, for every window of every slice of the golden
/// slices model on a real SQLite file, equals that definition applied to the window's own p-values — so
/// the server's adjustment equals scipy's on the golden lists.
@Suite struct GoldenMultipleTestingAPITests {
    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/golden/multiple_testing.json")

    struct Case: Decodable {
        var name: String
        var pvalues: [Double]
        var bh: [Double]
        var bonferroni: [Double]
    }

    struct Golden: Decodable {
        var cases: [Case]
    }

    /// 1e-12 relative, as STATISTICS.md allows.
    static func close(_ actual: Double, _ expected: Double) -> Bool {
        actual == expected || abs(actual - expected) <= 1e-12 * max(abs(expected), abs(actual))
    }

    @Test(arguments: ["bh", "bonferroni"]) func definitionReproducesEveryGoldenCase(method: String) throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: Self.goldenURL))
        #expect(golden.cases.count >= 7)
        for goldenCase in golden.cases {
            let expected = method == "bh" ? goldenCase.bh : goldenCase.bonferroni
            try #require(expected.count == goldenCase.pvalues.count, "\(goldenCase.name): lengths differ in the file")
            let adjusted = GoldenSlicesAPITests.adjust(goldenCase.pvalues, method: method)
            #expect(adjusted.count == expected.count)
            for (index, (value, truth)) in zip(adjusted, expected).enumerated() {
                #expect(Self.close(value, truth), "\(goldenCase.name)[\(index)] \(method): \(value) ≠ \(truth)")
            }
        }
    }
}
