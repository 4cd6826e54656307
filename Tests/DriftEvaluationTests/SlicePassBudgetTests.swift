import DriftCore
import DriftStore
import Testing

@testable import DriftEvaluation

/// The memory budget of a slice pass (``SlicePass/stateBudget``): families of slices that do not fit in
/// one read are evaluated by later reads of the same rows, with the same results as one read.
@Suite("Slice pass budget")
struct SlicePassBudgetTests {
    /// The fixture's window evaluated by one pass with `budget`.
    private func pass(budget: Int) throws -> (SlicePass, [SliceWindowResult], [SliceKey]) {
        let (_, store, model, _) = try SliceEvaluationTests.fixture()
        let reference = try #require(try store.reference(model: model, version: 1))
        let references = SliceEvaluator(
            base: WindowEvaluator(reference: reference, settings: SliceEvaluationTests.settings())
        ) { feature throws(EvaluationError) in
            let segments = try EvaluationError.store { () throws(StoreError) in
                try store.referenceSegments(model: model, version: 1, feature: feature)
            }
            return Dictionary(segments.map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var pass = try SlicePass(references: references, budget: budget)
        let start = SliceEvaluationTests.start
        let (results, present) = try pass.run(
            store: store, model: model, start: start, end: start + SliceEvaluationTests.hour, partial: false,
            evaluatedAt: start + SliceEvaluationTests.hour
        ) { _, _ in false }
        return (pass, results, present)
    }

    @Test("a budget of one family per read gives every slice and the whole model the results of one read")
    func oneFamilyPerReadMatchesOneRead() throws {
        let (single, singleResults, singlePresent) = try pass(budget: .max)
        let (split, splitResults, splitPresent) = try pass(budget: 1)
        var wholeOfSingle = single.whole
        var wholeOfSplit = split.whole
        #expect(
            try wholeOfSplit.statistics(referencePerformance: nil)
                == wholeOfSingle.statistics(referencePerformance: nil))
        #expect(Set(splitPresent) == Set(singlePresent))
        #expect(splitPresent.count == singlePresent.count && singlePresent.count >= 7)
        let byName = { (results: [SliceWindowResult]) in
            Dictionary(uniqueKeysWithValues: results.map { ($0.slice.sliceKey.description, $0) })
        }
        #expect(byName(splitResults) == byName(singleResults))
        // The versions, app and region families: two more reads of the window's rows than one read needs.
        #expect(split.cost.rowsGathered > single.cost.rowsGathered)
        #expect(split.cost.rowsFolded == single.cost.rowsFolded)
    }

    @Test("states count at the bytes they hold: small slices share one read under a budget far below their dense size")
    func smallStatesShareOneRead() throws {
        let (_, store, model, _) = try SliceEvaluationTests.fixture()
        let reference = try #require(try store.reference(model: model, version: 1))
        let dense = SliceFold.estimatedBytes(of: reference.profile)
        let (single, singleResults, singlePresent) = try pass(budget: .max)
        // Every slice's state at its dense size would need the slices' count times `dense`.
        try #require(singlePresent.count >= 7)
        let (shared, sharedResults, _) = try pass(budget: 3 * dense)
        #expect(shared.cost.rowsGathered == single.cost.rowsGathered)
        #expect(sharedResults.count == singleResults.count)
        // The same budget with every state counted dense would take a read per family: one budget of 1 does.
        let (split, _, _) = try pass(budget: 1)
        #expect(split.cost.rowsGathered > shared.cost.rowsGathered)
    }
}
