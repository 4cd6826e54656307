import Foundation
import Testing

@testable import DriftStats

/// Golden values from ../shared/golden (numpy 2.4 / scipy 1.17), compared within STATISTICS.md's tolerances.
@Suite("Golden statistics")
struct GoldenStatisticsTests {
    private static func cases(_ file: String) throws -> [[String: Any]] {
        try #require(loadGolden(file)["cases"] as? [[String: Any]])
    }

    private static func doubles(_ value: Any?) -> [Double] {
        (value as? [Any] ?? []).map { element in
            if let number = element as? NSNumber { return number.doubleValue }
            return .nan  // JSON null: a missing value
        }
    }

    private static func strings(_ value: Any?) -> [String?] {
        (value as? [Any] ?? []).map { element in
            if let string = element as? String { return string }
            if let number = element as? NSNumber { return number.stringValue }
            return nil
        }
    }

    static func expectRelative(_ actual: Double, _ expected: Double, _ tolerance: Double, absolute: Double = 0,
                               _ what: String) {
        let error = abs(actual - expected)
        let allowed = max(tolerance * abs(expected), absolute)
        #expect(error <= allowed, "\(what): got \(actual), expected \(expected)")
    }

    @Test("PSI edges, proportions and value (psi.json)")
    func psiCases() throws {
        for testCase in try Self.cases("psi.json") {
            let name = testCase["name"] as? String ?? "?"
            let bins = testCase["bins"] as? Int ?? 10
            let expectedPSI = try #require((testCase["psi"] as? NSNumber)?.doubleValue)
            let expectedReference = Self.doubles(testCase["reference_props"])
            let expectedCurrent = Self.doubles(testCase["current_props"])
            if testCase["kind"] as? String == "numeric" {
                let reference = NumericReference(values: Self.doubles(testCase["reference"]), bins: bins)
                let comparison = try #require(NumericComparison(reference: reference, window: Self.doubles(testCase["current"])))
                let edges = Self.doubles(testCase["edges"])
                try #require(reference.edges.count == edges.count, "\(name): edge count")
                try #require(reference.binProportions.count == expectedReference.count, "\(name): reference bins")
                try #require(comparison.binProportions.count == expectedCurrent.count, "\(name): current bins")
                for (actual, expected) in zip(reference.edges, edges) {
                    #expect(abs(actual - expected) <= 1e-12, "\(name): edge \(actual) vs \(expected)")
                }
                for (actual, expected) in zip(reference.binProportions, expectedReference) {
                    #expect(abs(actual - expected) <= 1e-12, "\(name): reference proportion")
                }
                for (actual, expected) in zip(comparison.binProportions, expectedCurrent) {
                    #expect(abs(actual - expected) <= 1e-12, "\(name): current proportion")
                }
                Self.expectRelative(comparison.psi, expectedPSI, 1e-10, absolute: 1e-15, "\(name): psi")
            } else {
                let reference = CategoricalReference(column: CategoricalColumn(values: Self.strings(testCase["reference"])))
                let window = CategoricalColumn(values: Self.strings(testCase["current"]))
                let comparison = try #require(CategoricalComparison(reference: reference, window: window))
                Self.expectRelative(comparison.psi, expectedPSI, 1e-10, absolute: 1e-15, "\(name): psi")
                let categories = try #require(testCase["categories"] as? [Any], "\(name): categories")
                do {
                    let expectedOrder = Self.strings(categories).compactMap { $0 }
                    try #require(expectedOrder.count == categories.count, "\(name): every category is a string")
                    try #require(expectedReference.count == expectedOrder.count && expectedCurrent.count == expectedOrder.count,
                                 "\(name): one proportion per category")
                    #expect(Set(comparison.categories) == Set(expectedOrder), "\(name): category union")
                    let lookup = Dictionary(uniqueKeysWithValues: zip(comparison.categories, zip(comparison.referenceProportions, comparison.currentProportions)))
                    for (index, category) in expectedOrder.enumerated() {
                        let pair = try #require(lookup[category], "\(name): category \(category)")
                        #expect(abs(pair.0 - expectedReference[index]) <= 1e-12)
                        #expect(abs(pair.1 - expectedCurrent[index]) <= 1e-12)
                    }
                }
            }
        }
    }

    @Test("Chi-square and Jensen–Shannon for categoricals (categorical.json)")
    func categoricalCases() throws {
        for testCase in try Self.cases("categorical.json") {
            let name = testCase["name"] as? String ?? "?"
            let reference = CategoricalReference(column: CategoricalColumn(values: Self.strings(testCase["reference"])))
            let window = CategoricalColumn(values: Self.strings(testCase["current"]))
            let comparison = try #require(CategoricalComparison(reference: reference, window: window))
            let categories = try #require(testCase["categories"] as? [String], "\(name): categories")
            #expect(comparison.categories == categories, "\(name): category union")
            let statistic = try #require((testCase["chi2_statistic"] as? NSNumber)?.doubleValue)
            let pvalue = try #require((testCase["chi2_pvalue"] as? NSNumber)?.doubleValue)
            let js = try #require((testCase["jensen_shannon"] as? NSNumber)?.doubleValue)
            Self.expectRelative(comparison.chiSquare.statistic, statistic, 1e-10, "\(name): chi2 statistic")
            Self.expectRelative(comparison.chiSquare.pvalue, pvalue, 1e-9, absolute: 1e-300, "\(name): chi2 p")
            Self.expectRelative(comparison.jensenShannon, js, 1e-10, absolute: 1e-15, "\(name): JS")
        }
    }

    @Test("Wasserstein and Jensen–Shannon for numerics (distance.json)")
    func distanceCases() throws {
        for testCase in try Self.cases("distance.json") {
            let name = testCase["name"] as? String ?? "?"
            let reference = NumericReference(values: Self.doubles(testCase["reference"]), bins: testCase["bins"] as? Int ?? 10)
            let comparison = try #require(NumericComparison(reference: reference, window: Self.doubles(testCase["current"])))
            let wasserstein = try #require((testCase["wasserstein"] as? NSNumber)?.doubleValue)
            let normed = try #require((testCase["wasserstein_normed"] as? NSNumber)?.doubleValue)
            let js = try #require((testCase["jensen_shannon"] as? NSNumber)?.doubleValue)
            Self.expectRelative(comparison.wasserstein, wasserstein, 1e-10, absolute: 1e-15, "\(name): W1")
            Self.expectRelative(comparison.wassersteinNormed, normed, 1e-10, absolute: 1e-15, "\(name): W1 normed")
            Self.expectRelative(comparison.jensenShannon, js, 1e-10, absolute: 1e-15, "\(name): JS")
        }
    }

    @Test("Kolmogorov–Smirnov statistic, p-value and method (ks.json)")
    func ksCases() throws {
        for testCase in try Self.cases("ks.json") {
            let name = testCase["name"] as? String ?? "?"
            let reference = NumericReference(values: Self.doubles(testCase["reference"]))
            let comparison = try #require(NumericComparison(reference: reference, window: Self.doubles(testCase["current"])))
            let statistic = try #require((testCase["statistic"] as? NSNumber)?.doubleValue)
            let pvalue = try #require((testCase["pvalue"] as? NSNumber)?.doubleValue)
            let mode = try #require(testCase["mode"] as? String)
            #expect(abs(comparison.ks.statistic - statistic) <= 1e-12, "\(name): D \(comparison.ks.statistic) vs \(statistic)")
            let expectedMethod: KSMethod = mode == "exact" ? .exact : .asymptotic  // the golden file writes "asymp"
            #expect(comparison.ks.method == expectedMethod, "\(name): method")
            if expectedMethod == .exact {
                Self.expectRelative(comparison.ks.pvalue, pvalue, 1e-9, absolute: 1e-300, "\(name): exact p")
            } else if pvalue > 1e-12 {
                Self.expectRelative(comparison.ks.pvalue, pvalue, 1e-6, "\(name): asymptotic p")
            } else {
                #expect(comparison.ks.pvalue <= 1e-12, "\(name): asymptotic p below 1e-12")
            }
        }
    }
}
