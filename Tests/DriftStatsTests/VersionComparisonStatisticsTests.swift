import Foundation
import Testing

@testable import DriftStats

/// The version-comparison statistics by construction: closed forms, an independent exact computation, and
/// symmetries. The golden values (`slices.json`'s `expected_compare`) are reproduced end to end through the
/// HTTP API in `CompareAPITests`.
@Suite("Version comparison statistics")
struct VersionComparisonStatisticsTests {
    static func expectClose(_ actual: Double, _ expected: Double, _ relative: Double, _ what: String) {
        #expect(abs(actual - expected) <= relative * max(abs(expected), 1e-300), "\(what): \(actual) vs \(expected)")
    }

    @Test("McNemar's exact p equals twice the binomial CDF summed with exact integers")
    func mcnemarAgainstExactSums() {
        // C(n, i) by Pascal's rule (additions only: exact up to n = 55, within a few ulps beyond), summed
        // directly and divided by 2^n — no logarithms, no recurrence, unlike the implementation.
        for n in 1...60 {
            var row = [1.0]
            for _ in 0..<n { row = zip([0] + row, row + [0]).map(+) }
            for a in 0...n {
                let b = n - a
                let k = min(a, b)
                let cdf = row[0...k].reduce(0, +) / pow(2, Double(n))
                Self.expectClose(
                    McNemarTest.exactPValue(aOnlyCorrect: a, bOnlyCorrect: b), min(1, 2 * cdf), 1e-12, "n=\(n) a=\(a)")
            }
        }
        #expect(McNemarTest.exactPValue(aOnlyCorrect: 0, bOnlyCorrect: 0) == 1)
        // Far past 2^-1074: still a finite, tiny p-value, and symmetric.
        let p = McNemarTest.exactPValue(aOnlyCorrect: 3, bOnlyCorrect: 5_000)
        #expect(p >= 0 && p < 1e-300)
        #expect(p == McNemarTest.exactPValue(aOnlyCorrect: 5_000, bOnlyCorrect: 3))
    }

    @Test("the Newcombe interval flips with the versions, contains its estimate, and the test is symmetric")
    func newcombeSymmetry() throws {
        var generator = SplitMix64(seed: 15)
        for _ in 0..<200 {
            let totalA = Int(generator.next() % 500) + 1
            let totalB = Int(generator.next() % 500) + 1
            let xA = Int(generator.next() % UInt64(totalA + 1))
            let xB = Int(generator.next() % UInt64(totalB + 1))
            let ab = try #require(ProportionDifference(successesA: xA, totalA: totalA, successesB: xB, totalB: totalB))
            let ba = try #require(ProportionDifference(successesA: xB, totalA: totalB, successesB: xA, totalB: totalA))
            Self.expectClose(ab.estimate, -ba.estimate, 1e-15, "estimate")
            Self.expectClose(ab.lower, -ba.upper, 1e-12, "lower")
            Self.expectClose(ab.upper, -ba.lower, 1e-12, "upper")
            #expect(ab.lower <= ab.estimate && ab.estimate <= ab.upper)
            #expect(ab.lower >= -1 && ab.upper <= 1)
            Self.expectClose(ab.pvalue, ba.pvalue, 1e-12, "pvalue")
        }
        #expect(ProportionDifference(successesA: 0, totalA: 0, successesB: 1, totalB: 2) == nil)
        // All right or all wrong on both sides: no variance, p = 1.
        #expect(ProportionDifference(successesA: 10, totalA: 10, successesB: 7, totalB: 7)?.pvalue == 1)
        #expect(ProportionDifference(successesA: 0, totalA: 10, successesB: 0, totalB: 7)?.pvalue == 1)
    }

    @Test("the Wilson interval is the score interval: its ends solve |p̂ − p| = z·√(p(1 − p)/n)")
    func wilsonSolvesTheScoreEquation() {
        let z = NormalDistribution.z975
        for (x, n) in [(0, 10), (3, 10), (10, 10), (918, 1124), (1, 1_000_000)] {
            let interval = WilsonInterval(successes: x, total: n)
            let q = Double(x) / Double(n)
            for p in [interval.lower, interval.upper] where p > 1e-9 && p < 1 - 1e-9 {
                Self.expectClose(abs(q - p), z * (p * (1 - p) / Double(n)).squareRoot(), 1e-9, "x=\(x) n=\(n)")
            }
        }
    }

    @Test("the normal tail: Φ(−z) + Φ(z) = 1 and the 97.5% quantile gives a 5% two-sided p")
    func normalTail() {
        Self.expectClose(NormalDistribution.twoSidedPValue(NormalDistribution.z975), 0.05, 1e-13, "p at z975")
        for z in stride(from: -6.0, through: 6.0, by: 0.25) {
            Self.expectClose(NormalDistribution.survival(z) + NormalDistribution.survival(-z), 1, 1e-15, "z=\(z)")
        }
    }

    @Test("Student's t against closed forms: Cauchy (ν = 1) and ν = 2")
    func studentClosedForms() {
        for t in [0.01, 0.5, 1, 2.5, 10, 300] {
            Self.expectClose(StudentT.twoSidedPValue(t, degrees: 1), 1 - 2 / Double.pi * atan(t), 1e-12, "ν=1 t=\(t)")
            // 1 − t/√(t² + 2), written without the cancellation: 2 / (√(t² + 2)·(√(t² + 2) + t)).
            let root = (t * t + 2).squareRoot()
            Self.expectClose(StudentT.twoSidedPValue(t, degrees: 2), 2 / (root * (root + t)), 1e-12, "ν=2 t=\(t)")
        }
        Self.expectClose(StudentT.twoSidedCriticalValue(alpha: 0.05, degrees: 1), tan(0.475 * Double.pi), 1e-12, "t₀.₉₇₅,₁")
        // ν = 2: solving 1 − t/√(t² + 2) = α gives t = √(2(1 − α)² / (1 − (1 − α)²)).
        let alpha = 0.05
        let closed = (2 * (1 - alpha) * (1 - alpha) / (1 - (1 - alpha) * (1 - alpha))).squareRoot()
        Self.expectClose(StudentT.twoSidedCriticalValue(alpha: alpha, degrees: 2), closed, 1e-12, "t₀.₉₇₅,₂")
        // Many degrees of freedom: the normal quantile plus Fisher's expansion (Abramowitz & Stegun 26.7.5),
        // whose first omitted term is below 1e-11 from ν = 1e4 on.
        let z = NormalDistribution.z975
        for degrees in [1e4, 1e6, 1e9] {
            let g1 = (pow(z, 3) + z) / 4
            let g2 = (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / 96
            Self.expectClose(
                StudentT.twoSidedCriticalValue(alpha: 0.05, degrees: degrees), z + g1 / degrees + g2 / (degrees * degrees),
                1e-11, "ν=\(degrees)")
        }
    }

    @Test("Welch's difference flips with the samples; equal samples give p = 1")
    func welch() throws {
        var generator = SplitMix64(seed: 3)
        let a = (0..<40).map { _ in generator.nextUnit() * 2 }
        let b = (0..<25).map { _ in generator.nextUnit() * 3 + 0.2 }
        let ab = try #require(MeanDifference(a: a, b: b))
        let ba = try #require(MeanDifference(a: b, b: a))
        Self.expectClose(ab.estimate, -ba.estimate, 1e-14, "estimate")
        Self.expectClose(ab.lower, -ba.upper, 1e-12, "interval")
        Self.expectClose(ab.pvalue, ba.pvalue, 1e-14, "pvalue")
        #expect(ab.lower < ab.estimate && ab.estimate < ab.upper)
        #expect(try #require(MeanDifference(a: a, b: a)).pvalue == 1)
        #expect(MeanDifference(a: [1], b: [1, 2]) == nil)
        // The interval excludes 0 exactly when p < 0.05.
        #expect((ab.lower > 0 || ab.upper < 0) == (ab.pvalue < 0.05))
    }

    @Test("the incomplete beta function against closed forms, large arguments included")
    func incompleteBetaClosedForms() {
        for x in stride(from: 0.05, to: 1, by: 0.1) {
            for a in [0.5, 3, 40, 2_000] {
                // I_x(a, 1) = xᵃ and I_x(1, b) = 1 − (1 − x)ᵇ.
                Self.expectClose(IncompleteBeta.regularized(a: a, b: 1, x: x), pow(x, a), 1e-11, "I_\(x)(\(a), 1)")
                Self.expectClose(
                    IncompleteBeta.regularized(a: 1, b: a, x: x), -expm1(a * log1p(-x)), 1e-11, "I_\(x)(1, \(a))")
            }
            // I_x(½, ½) = (2/π)·arcsin(√x).
            Self.expectClose(
                IncompleteBeta.regularized(a: 0.5, b: 0.5, x: x), 2 / Double.pi * asin(x.squareRoot()), 1e-12,
                "I_\(x)(½, ½)")
        }
        // log B against lgamma where lgamma is still accurate, across the switch to Stirling's series.
        for (a, b) in [(10.0, 0.5), (99.5, 3), (100, 0.5), (1_000, 40)] {
            Self.expectClose(IncompleteBeta.logBeta(a, b), lgamma(a) + lgamma(b) - lgamma(a + b), 1e-13, "B(\(a), \(b))")
        }
        // Far beyond, where lgamma's own rounding would dominate: the recurrence B(a + 1, b) = B(a, b)·a/(a + b).
        for a in [1e3, 2.5e5, 5e8] {
            let step = IncompleteBeta.logBeta(a + 1, 0.5) - IncompleteBeta.logBeta(a, 0.5)
            #expect(abs(step - log(a / (a + 0.5))) < 1e-13, "B(\(a), ½) recurrence: \(step)")
        }
    }
}
