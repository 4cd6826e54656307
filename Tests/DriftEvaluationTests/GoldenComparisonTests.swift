import DriftTestSupport
import Testing

/// The comparison the golden test relies on must itself catch what it is there to catch.
@Suite("Golden comparison")
struct GoldenComparisonTests {
    private let expected = JSONValue.object([
        "count": .number(300),
        "features": .object([
            "f0": .object([
                "psi": .number(0.482317932074919),
                "ks": .object([
                    "statistic": .number(0.32133333333333336), "pvalue": .number(2.1439728787187096e-24),
                    "method": .string("exact"),
                ]),
                "drift": .bool(true),
            ])
        ]),
    ])

    @Test("an equal document with extra keys passes")
    func equalWithExtras() {
        var actual = expected.object!
        actual["evaluations"] = .number(1)
        #expect(GoldenComparison.differences(expected: expected, actual: .object(actual)).isEmpty)
    }

    @Test("a value outside its tolerance, a missing key and a wrong flag are each reported")
    func catchesDifferences() throws {
        let wrong = JSONValue.object([
            "count": .number(300),
            "features": .object([
                "f0": .object([
                    "psi": .number(0.482317932074919 * (1 + 1e-9)),
                    "ks": .object(["statistic": .number(0.32133333333333336), "method": .string("exact")]),
                    "drift": .bool(false),
                ])
            ]),
        ])
        let problems = GoldenComparison.differences(expected: expected, actual: wrong)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.hasPrefix("features.f0.psi") })
        #expect(problems.contains { $0.hasPrefix("features.f0.ks.pvalue") })
        #expect(problems.contains { $0.hasPrefix("features.f0.drift") })
    }

    @Test("tolerances follow STATISTICS.md")
    func tolerances() {
        #expect(GoldenComparison.tolerance(path: "features.f0.ks.statistic", siblings: [:]) == (0, 1e-12))
        #expect(GoldenComparison.tolerance(path: "features.f0.ks.pvalue", siblings: [:]) == (1e-9, 1e-300))
        #expect(
            GoldenComparison.tolerance(path: "features.f0.ks.pvalue", siblings: ["method": .string("asymptotic")])
                == (1e-6, 0))
        #expect(GoldenComparison.tolerance(path: "features.c0.chi2.statistic", siblings: [:]) == (1e-10, 0))
        #expect(GoldenComparison.tolerance(path: "performance.roc_auc", siblings: [:]) == (1e-12, 0))
        #expect(GoldenComparison.tolerance(path: "count", siblings: [:]) == (0, 0))
    }
}
