import DriftCore
import DriftStats
import DriftStore
import Testing

@testable import DriftEvaluation

/// The archive of a window's kept slices (``KeptSlicesArchive``): a round trip gives the same bytes and
/// the same slice results, and cut or damaged bytes throw a typed error, never crash.
@Suite("Kept slices archive")
struct KeptSlicesArchiveTests {
    /// The fixture's window evaluated by one slice pass, its slices kept, and the references they need.
    private func keptSlices() throws -> (KeptSlices, SliceEvaluator, EvaluationSettings, SlicePass) {
        let (_, store, model, _) = try SliceEvaluationTests.fixture()
        let reference = try #require(try store.reference(model: model, version: 1))
        let settings = SliceEvaluationTests.settings()
        let references = SliceEvaluator(base: WindowEvaluator(reference: reference, settings: settings)) {
            feature throws(EvaluationError) in
            let segments = try EvaluationError.store { () throws(StoreError) in
                try store.referenceSegments(model: model, version: 1, feature: feature)
            }
            return Dictionary(segments.map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var pass = try SlicePass(references: references)
        let start = SliceEvaluationTests.start
        _ = try pass.run(
            store: store, model: model, start: start, end: start + SliceEvaluationTests.hour, partial: false,
            evaluatedAt: start + SliceEvaluationTests.hour
        ) { _, _ in false }
        return (try #require(pass.kept), references, settings, pass)
    }

    /// Every slice's result, by name.
    private func results(_ slices: KeptSlices) throws -> [String: SliceWindowResult] {
        var folds = Array(slices.versions.values)
        for var segment in slices.segments { try segment.updateFolds { folds.append($0) } }
        var results: [String: SliceWindowResult] = [:]
        for var fold in folds {
            results[fold.slice.description] = try fold.result(start: 0, end: 1, partial: false, evaluatedAt: 1)
        }
        return results
    }

    @Test("a round trip keeps every slice's state, fingerprint and result")
    func roundTrip() throws {
        let (slices, references, settings, pass) = try keptSlices()
        let bytes = KeptSlicesArchive.encode(slices, sequence: pass.sequence, labelSequence: pass.labelSequence)
        let decoded = try KeptSlicesArchive.decode(
            bytes, references: references, settings: settings, sequence: pass.sequence, labelSequence: pass.labelSequence)
        #expect(KeptSlicesArchive.encode(decoded, sequence: pass.sequence, labelSequence: pass.labelSequence) == bytes)
        let expected = try results(slices)
        #expect(expected.count >= 7)
        #expect(try results(decoded) == expected)
        // Saved at another position than the whole model's state: refused.
        #expect(throws: StateArchiveError.self) {
            try KeptSlicesArchive.decode(
                bytes, references: references, settings: settings, sequence: pass.sequence + 1,
                labelSequence: pass.labelSequence)
        }
    }

    @Test("cut or damaged archives throw a typed error or decode, and never crash")
    func damagedArchives() throws {
        let (slices, references, settings, pass) = try keptSlices()
        let bytes = KeptSlicesArchive.encode(slices, sequence: pass.sequence, labelSequence: pass.labelSequence)
        var generator = SystemRandomNumberGenerator()
        var thrown = 0
        for trial in 0..<200 {
            var damaged = bytes
            if trial % 2 == 0 {
                damaged.removeLast(Int.random(in: 1...damaged.count, using: &generator))
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            do {
                _ = try KeptSlicesArchive.decode(
                    damaged, references: references, settings: settings, sequence: pass.sequence,
                    labelSequence: pass.labelSequence)
            } catch {
                thrown += 1
            }
        }
        // Every cut archive throws.
        #expect(thrown >= 100)
    }
}
