import Foundation
import Testing

@testable import DriftStats

/// The quick check an incremental pass asks (``NumericFold/hasUnwatchedCrossing``) against the list it
/// stands for (``NumericFold/unwatchedCrossings``).
@Suite("Numeric fold: the unwatched-crossing check")
struct NumericFoldCrossingCheckTests {
    @Test("hasUnwatchedCrossing agrees with unwatchedCrossings on drifting streams with small kept budgets")
    func checkAgreesWithList() {
        var random = SplitMix64(seed: 131)
        var answeredYes = 0
        var answeredNo = 0
        for trial in 0..<12 {
            let reference = NumericReference(values: (0..<(300 + trial * 50)).map { _ in random.nextUnit() * 10 })
            var fold = NumericFold(reference: reference, keptBudget: 20 + trial * 10)
            var window: [Double] = []
            for pass in 0..<40 {
                let shift = 2 * sin(Double(pass + trial) / 4)
                let batch = (0..<(5 + Int(random.nextUnit() * 300))).map { _ in random.nextUnit() * 10 + shift }
                window += batch
                batch.withUnsafeBufferPointer { fold.add($0) }
                let listed = !fold.unwatchedCrossings.isEmpty
                #expect(fold.hasUnwatchedCrossing == listed, "trial \(trial), pass \(pass)")
                if listed {
                    answeredYes += 1
                    fold.watchNearCrossings()
                    window.withUnsafeBufferPointer { fold.gather($0) }
                    #expect(!fold.hasUnwatchedCrossing)
                } else {
                    answeredNo += 1
                }
            }
        }
        #expect(answeredYes > 20 && answeredNo > 20, "both answers were exercised")
    }
}
