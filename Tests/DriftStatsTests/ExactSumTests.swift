import Testing
@testable import DriftStats

/// The correctly rounded sum behind the performance metrics' means.
@Suite("Correctly rounded sum")
struct ExactSumTests {
    private func sum(_ terms: [Double]) -> Double {
        var sum = ExactSum()
        for term in terms { sum.add(term) }
        return sum.value
    }

    @Test("cancellation and rounding are exact")
    func exactness() {
        #expect(sum([]) == 0)
        #expect(sum([1e100, 1, -1e100]) == 1)
        #expect(sum([0.1, 0.2, 0.3]) == 0.6)  // a plain left-to-right sum gives 0.6000000000000001
        #expect(sum(Array(repeating: 0.1, count: 10)) == 1)
        // Round half to even across partials: 1 + 2⁻⁵³ is a tie broken upward by the extra 2⁻¹⁰⁶.
        #expect(sum([1, 0x1p-53, 0x1p-106]) == 1 + 0x1p-52)
        #expect(sum([1, 0x1p-53]) == 1)
    }

    @Test("the value matches Python's math.fsum and ignores the order of the terms")
    func orderIndependence() {
        // Terms spanning 2⁻¹⁰⁰ … 2⁹⁹ with mixed signs; math.fsum gives 3.9394222558365664e+30.
        let terms = (0..<2000).map { i in
            Double(sign: i % 3 == 0 ? .minus : .plus, exponent: (i * 37) % 200 - 100, significand: 1 + Double(i % 17) / 17)
        }
        #expect(sum(terms) == 3.9394222558365664e+30)
        #expect(sum(terms.reversed()) == sum(terms))
        var generator = SystemRandomNumberGenerator()
        #expect(sum(terms.shuffled(using: &generator)) == sum(terms))
    }

    @Test("non-finite terms and overflow follow IEEE arithmetic")
    func specials() {
        #expect(sum([.infinity, 1]) == .infinity)
        #expect(sum([-.infinity, 1e308]) == -.infinity)
        #expect(sum([.infinity, -.infinity]).isNaN)
        #expect(sum([1, .nan]).isNaN)
        #expect(sum([.greatestFiniteMagnitude, .greatestFiniteMagnitude]) == .infinity)
    }
}
