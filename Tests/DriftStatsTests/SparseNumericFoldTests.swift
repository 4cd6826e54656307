import Testing

@testable import DriftStats

/// The sparse numeric fold against the dense one (``NumericFold``) and the in-memory comparison
/// (``WindowScan``), on seeded random references and windows of many shapes.
@Suite("Sparse numeric fold")
struct SparseNumericFoldTests {
    /// A reference and a window drawn from `seed`: continuous, heavily tied (window values on breakpoints),
    /// or shifted partly outside the reference; some windows larger than the reference.
    private static func sample(seed: UInt64) -> (reference: [Double], window: [Double]) {
        var random = SplitMix64(seed: seed)
        let shape = Int(seed % 4)
        let referenceSize = 1 + Int(random.nextUnit() * (seed % 5 == 0 ? 20 : 3_000))
        let windowSize = 1 + Int(random.nextUnit() * (seed % 7 == 0 ? 6_000 : 400))
        let shift = random.nextUnit() - 0.5
        func draw(_ offset: Double) -> Double {
            let value = (random.nextUnit() + random.nextUnit() - 1 + offset) * 5
            switch shape {
            case 0: return value
            case 1: return value.rounded()
            case 2: return random.nextUnit() < 0.3 ? 0.5 : value
            default: return (value * 4).rounded() / 4 + offset * 10
            }
        }
        let reference = (0..<referenceSize).map { _ in draw(0) }
        let window = (0..<windowSize).map { _ in random.nextUnit() < 0.03 ? Double.nan : draw(shift) }
        return (reference, window)
    }

    /// `values` cut into chunks of random sizes.
    private static func chunks(_ values: [Double], random: inout SplitMix64) -> [ArraySlice<Double>] {
        var chunks: [ArraySlice<Double>] = []
        var start = 0
        while start < values.count {
            let size = min(1 + Int(random.nextUnit() * 97), values.count - start)
            chunks.append(values[start..<(start + size)])
            start += size
        }
        return chunks
    }

    private static func close(_ a: Double?, _ b: Double?, _ tolerance: Double) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(abs(b), 1e-300)
    }

    @Test("sparse and dense folds agree: counts exactly, sums to a relative 1e-12", arguments: Array(UInt64(1)...120))
    func matchesDense(seed: UInt64) throws {
        let (referenceValues, window) = Self.sample(seed: seed)
        let reference = NumericReference(values: referenceValues, bins: 1 + Int(seed % 12))
        var random = SplitMix64(seed: seed &+ 1_000)
        let chunks = Self.chunks(window, random: &random)
        var sparse = SparseNumericFold(reference: reference)
        var dense = NumericFold(reference: reference)
        for chunk in chunks {
            chunk.withUnsafeBufferPointer {
                sparse.add($0)
                dense.add($0)
            }
        }
        if !dense.unwatchedCrossings.isEmpty {
            dense.watchNearCrossings()
            for chunk in chunks { chunk.withUnsafeBufferPointer { dense.gather($0) } }
        }
        let expected = try #require(dense.comparison())
        let actual = try #require(sparse.comparison())
        #expect(actual.count == expected.count && actual.missing == expected.missing)
        #expect(actual.ks == expected.ks, "KS from the same maximising counts")
        #expect(actual.binProportions == expected.binProportions && actual.psi == expected.psi)
        #expect(actual.jensenShannon == expected.jensenShannon)
        #expect(actual.minimum == expected.minimum && actual.maximum == expected.maximum)
        #expect(actual.outOfRangeShare == expected.outOfRangeShare)
        #expect(
            Self.close(actual.mean, expected.mean, 1e-12), "mean \(actual.mean ?? .nan) vs \(expected.mean ?? .nan)")
        #expect(
            Self.close(actual.wasserstein, expected.wasserstein, 1e-12),
            "Wasserstein-1 \(actual.wasserstein) vs \(expected.wasserstein)")
        let inMemory = try #require(NumericComparison(reference: reference, window: window))
        #expect(actual.ks == inMemory.ks && actual.psi == inMemory.psi)
        #expect(Self.close(actual.wasserstein, inMemory.wasserstein, 1e-12))
    }

    @Test("any chunking and order of the rows gives bit-identical results", arguments: Array(UInt64(1)...30))
    func orderIndependent(seed: UInt64) throws {
        var (referenceValues, window) = Self.sample(seed: seed)
        let reference = NumericReference(values: referenceValues)
        var random = SplitMix64(seed: seed &+ 77)
        // Signed zeros too, which compare equal but print differently.
        if seed % 2 == 0 { window += [-0.0, 0.0, -0.0] }
        var shuffled = window
        for index in shuffled.indices.reversed() {
            shuffled.swapAt(index, Int(random.nextUnit() * Double(index + 1)))
        }
        var whole = SparseNumericFold(reference: reference)
        window.withUnsafeBufferPointer { whole.add($0) }
        var pieces = SparseNumericFold(reference: reference)
        for chunk in Self.chunks(shuffled, random: &random) { chunk.withUnsafeBufferPointer { pieces.add($0) } }
        let a = try #require(whole.comparison())
        let b = try #require(pieces.comparison())
        #expect(a == b)
        let bits = { (c: NumericComparison) in
            [c.minimum, c.maximum, c.mean, c.wasserstein, c.ks.statistic].map { $0?.bitPattern }
        }
        #expect(bits(a) == bits(b), "bit for bit, signed zeros included")
    }

    @Test("capacity is 1.5 times the reference's breakpoint count, and fits counts finite values only")
    func capacity() {
        let reference = NumericReference(values: [1, 2, 2, 3], bins: 2)
        var fold = SparseNumericFold(reference: reference)
        #expect(fold.capacity == reference.partition.breakpoints.count * 3 / 2)
        let values = [Double](repeating: .nan, count: 10) + [Double](repeating: 2, count: fold.capacity)
        values.withUnsafeBufferPointer { #expect(fold.fits($0)) }
        values.withUnsafeBufferPointer { fold.add($0) }
        [1.0].withUnsafeBufferPointer { #expect(!fold.fits($0)) }
        #expect(fold.rows == values.count && fold.finiteCount == fold.capacity)
    }
}
