import DriftStats
import Testing

@testable import DriftEvaluation

/// A numeric feature's fold keeps its values (sparse) while they number at most the reference's
/// breakpoints and moves to the dense fold past that; either way, folding a window chunk by chunk gives
/// bit for bit what folding it in one piece gives.
@Suite("Feature fold modes")
struct FeatureFoldModeTests {
    /// The comparison of a fold of `chunks`, re-reading them when the fold asks for a second read.
    private static func comparison(_ fold: inout FeatureFold, rereading chunks: [[Double]]) -> NumericComparison? {
        if fold.needsGather {
            fold.watchNearCrossings()
            for chunk in chunks { fold.gather(.numeric(chunk)) }
        }
        return fold.numericComparison()
    }

    @Test("growing past the capacity, incremental folds equal folds from scratch", arguments: [false, true])
    func incrementalEqualsScratch(discrete: Bool) throws {
        var random = SplitMix64(seed: discrete ? 11 : 12)
        func draw(_ shift: Double) -> Double {
            let value = (random.nextUnit() + random.nextUnit() - 1 + shift) * 3
            return discrete ? (value * 4).rounded() / 4 : value
        }
        let numeric = NumericReference(values: (0..<300).map { _ in draw(0) })
        let reference = FeatureReference.numeric(numeric)
        let capacity = SparseNumericFold(reference: numeric).capacity
        var incremental = FeatureFold(reference: reference, keptBudget: 0)
        var chunks: [[Double]] = []
        var finite = 0
        var sawSparse = false
        var sawDense = false
        while finite < 3 * capacity {
            let chunk = (0..<(1 + Int(random.nextUnit() * 40))).map { _ in
                random.nextUnit() < 0.05 ? Double.nan : draw(0.2)
            }
            chunks.append(chunk)
            finite += chunk.filter(\.isFinite).count
            incremental.add(.numeric(chunk))
            #expect((incremental.sparse != nil) == (finite <= capacity), "the mode follows the finite count only")
            #expect(incremental.usable == finite && incremental.rows == chunks.reduce(0) { $0 + $1.count })
            sawSparse = sawSparse || incremental.sparse != nil
            sawDense = sawDense || incremental.numeric != nil
            var scratch = FeatureFold(reference: reference, keptBudget: 0)
            scratch.add(.numeric(chunks.flatMap { $0 }))
            let expected = Self.comparison(&scratch, rereading: chunks)
            let actual = Self.comparison(&incremental, rereading: chunks)
            #expect(actual != nil && actual == expected, "after \(chunks.count) chunks, \(finite) finite values")
        }
        #expect(sawSparse && sawDense)
    }

    @Test("a fold archived in either mode reads back as the same fold, and stays so past the capacity")
    func archiveInEitherMode() throws {
        var random = SplitMix64(seed: 21)
        func draw() -> Double { (random.nextUnit() + random.nextUnit() - 1) * 3 }
        let numeric = NumericReference(values: (0..<200).map { _ in draw() })
        let reference = FeatureReference.numeric(numeric)
        let capacity = SparseNumericFold(reference: numeric).capacity
        var original = FeatureFold(reference: reference, keptBudget: 64)
        var chunks: [[Double]] = []
        var archivedModes: Set<Bool> = []
        while chunks.reduce(0, { $0 + $1.count }) < 3 * capacity {
            let chunk = (0..<25).map { _ in random.nextUnit() < 0.1 ? Double.nan : draw() }
            chunks.append(chunk)
            original.add(.numeric(chunk))
            _ = Self.comparison(&original, rereading: chunks)
            var writer = ArchiveWriter()
            original.archive(into: &writer)
            var reader = ArchiveReader(writer.bytes)
            var decoded = try FeatureFold(reference: reference, unarchiving: &reader)
            archivedModes.insert(original.sparse != nil)
            #expect((decoded.sparse != nil) == (original.sparse != nil) && decoded.keptBudget == original.keptBudget)
            #expect(decoded.rows == original.rows && decoded.usable == original.usable)
            // The next chunk into both: the same comparison, whether or not it moves the fold to dense.
            let next = (0..<25).map { _ in draw() }
            var advanced = original
            advanced.add(.numeric(next))
            decoded.add(.numeric(next))
            let expected = Self.comparison(&advanced, rereading: chunks + [next])
            #expect(Self.comparison(&decoded, rereading: chunks + [next]) == expected, "after \(chunks.count) chunks")
        }
        #expect(archivedModes == [true, false], "archived both sparse and dense")
    }
}
