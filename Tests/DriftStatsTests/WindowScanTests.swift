import Foundation
import Testing

@testable import DriftStats

/// ``WindowScan`` against a straightforward implementation (sort both samples, merge-walk them, as
/// scipy's `ks_2samp` and `wasserstein_distance` do) on seeded samples of many shapes.
@Suite("Window scan")
struct WindowScanTests {
    /// What the scan must reproduce, computed the obvious way.
    struct Expected {
        var finiteCount = 0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var outsideReference = 0
        var statistic = 0.0
        var wasserstein = 0.0
        var binCounts: [Int] = []

        init(reference: NumericReference, window: [Double]) {
            let r = reference.sortedValues
            let c = window.filter(\.isFinite).sorted()
            finiteCount = c.count
            minimum = c.first ?? .infinity
            maximum = c.last ?? -.infinity
            outsideReference = c.filter { $0 < r.first! || $0 > r.last! }.count
            let n = Double(r.count)
            let m = Double(c.count)
            // KS: |F_R − F_C| at every pooled value, each CDF a count divided by its size (scipy).
            // Wasserstein-1: Σ |F_R − F_C| · gap over the sorted pooled values (scipy).
            let pooled = (r + c).sorted()
            var i = 0
            var j = 0
            for (k, value) in pooled.enumerated() {
                while i < r.count && r[i] <= value { i += 1 }
                while j < c.count && c[j] <= value { j += 1 }
                let gap = abs(Double(i) / n - Double(j) / m)
                statistic = max(statistic, gap)
                if k + 1 < pooled.count { wasserstein += gap * (pooled[k + 1] - value) }
            }
            // Bins end at the edges and hold the values at or below their edge.
            var previous = 0
            for edge in reference.edges {
                let atOrBelow = c.filter { $0 <= edge }.count
                binCounts.append(atOrBelow - previous)
                previous = atOrBelow
            }
            binCounts.append(c.count - previous)
        }
    }

    /// A reference and a window of one of several shapes, chosen by the seed.
    static func shape(_ seed: UInt64) -> (reference: [Double], window: [Double], bins: Int) {
        var s = StatisticsPropertyTests.Sampler(state: seed)
        let sizes = [1, 2, 3, 50, 127, 128, 129, 300, 1000, 3000]
        let n = sizes[s.int(sizes.count)]
        let m = 1 + s.int(3000)
        let bins = 1 + s.int(15)
        func continuous(_ count: Int, _ shift: Double, _ scale: Double) -> [Double] {
            (0..<count).map { _ in shift + scale * (s.unit() - 0.5) }
        }
        switch seed % 9 {
        case 0:  // continuous, shifted and rescaled
            return (continuous(n, 0, 1), continuous(m, s.unit() - 0.5, 0.5 + s.unit()), bins)
        case 1:  // heavy ties on both sides
            let levels = 1 + s.int(6)
            return ((0..<n).map { _ in Double(s.int(levels)) }, (0..<m).map { _ in Double(s.int(levels + 1)) - 0.5 * Double(s.int(2)) }, bins)
        case 2:  // window wholly or partly outside the reference range
            let offset = [-3.0, -0.7, 0.7, 3.0][s.int(4)]
            return (continuous(n, 0, 1), continuous(m, offset, 1 + s.unit()), bins)
        case 3:  // missing values (NaN, ±∞) in the window
            let reference = continuous(n, 0, 1)
            let window = continuous(m, 0.1, 1).map { value -> Double in
                switch s.int(10) {
                case 0: return .nan
                case 1: return s.int(2) == 0 ? .infinity : -.infinity
                default: return value
                }
            }
            return (reference, window, bins)
        case 4:  // a reference of one repeated value
            let value = s.unit()
            return ([Double](repeating: value, count: n), continuous(m, value, 2 * s.unit()) + [value, value], bins)
        case 5:  // window values crowded between two neighbouring reference values (large slots)
            let reference = continuous(n, 0, 1).sorted()
            let k = s.int(reference.count)
            let low = reference[k]
            let high = k + 1 < reference.count ? reference[k + 1] : low + 1
            let window = (0..<m).map { _ in s.int(4) == 0 ? reference[s.int(reference.count)] : low + (high - low) * s.unit() }
            return (reference, window, bins)
        case 6:  // window drawn from the reference's own values (every value on a breakpoint)
            let reference = continuous(n, 0, 1)
            return (reference, (0..<m).map { _ in reference[s.int(reference.count)] }, bins)
        case 7:  // heavy-tailed reference, so the coarse grid is crowded (many values per cell)
            let reference = (0..<max(n, 1000)).map { _ in exp(12 * (s.unit() - 0.5)) }
            let window = (0..<m).map { _ in exp(12 * (s.unit() - 0.45)) }
            return (reference, window, bins)
        default:  // large reference, small or large window, ties across the two
            let reference = (0..<5000).map { _ in Double(s.int(2000)) / 7 }
            let window = (0..<m).map { _ in s.int(2) == 0 ? Double(s.int(2100)) / 7 : Double(s.int(2100)) / 7 + 0.01 }
            return (reference, window, bins)
        }
    }

    @Test("D, PSI bin counts, Wasserstein-1 and the summary match a merge walk", arguments: Array(UInt64(1)...360))
    func matchesMergeWalk(seed: UInt64) throws {
        let (values, window, bins) = Self.shape(seed)
        let reference = NumericReference(values: values, bins: bins)
        let scan = WindowScan(partition: reference.partition, window: window, referenceCount: reference.count)
        let expected = Expected(reference: reference, window: window)
        #expect(scan.finiteCount == expected.finiteCount)
        guard expected.finiteCount > 0 else { return }
        #expect(scan.minimum == expected.minimum)
        #expect(scan.maximum == expected.maximum)
        #expect(scan.outsideReference == expected.outsideReference)
        #expect(abs(scan.ksStatistic - expected.statistic) <= 1e-12, "D \(scan.ksStatistic) vs \(expected.statistic)")
        #expect(
            abs(scan.wasserstein - expected.wasserstein) <= 1e-10 * expected.wasserstein + 1e-15,
            "W1 \(scan.wasserstein) vs \(expected.wasserstein)")
        #expect(scan.binCounts == expected.binCounts)
    }

    @Test("a window of only missing values counts nothing")
    func onlyMissing() {
        let reference = NumericReference(values: [1, 2, 3])
        let scan = WindowScan(partition: reference.partition, window: [.nan, .infinity], referenceCount: reference.count)
        #expect(scan.finiteCount == 0)
    }
}
