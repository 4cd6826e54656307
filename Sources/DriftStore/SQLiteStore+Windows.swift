public import DriftCore
import DriftStats
import GRDB

extension SQLiteStore {
    /// The windows of `windowMilliseconds` (aligned to the Unix epoch) that gained an event or a label
    /// after change-log position `afterSequence` (0 for all since the store was created).
    ///
    /// An evaluator keeps ``TouchedWindows/lastSequence`` and passes it next time, so it re-evaluates
    /// only windows whose data changed.
    ///
    /// - Throws: ``StoreError/Code/unknownModel``.
    public func touchedWindows(
        model: ModelName, windowMilliseconds: Int64, afterSequence: Int64
    ) throws(StoreError) -> TouchedWindows {
        guard windowMilliseconds > 0 else { throw StoreError(.invalidValue, "a window must be longer than 0 ms") }
        return try read { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            return try ChangeLog.touchedWindows(
                modelID: modelID, windowMilliseconds: windowMilliseconds, afterSequence: afterSequence, in: db)
        }
    }
}
