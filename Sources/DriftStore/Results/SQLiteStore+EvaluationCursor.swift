public import DriftCore
import GRDB

extension SQLiteStore {
    /// The change-log position up to which the evaluator has seen `model`'s touched windows (pass it
    /// to ``touchedWindows(model:windowMilliseconds:afterSequence:)``); 0 before the first evaluation.
    public func evaluationCursor(model: ModelName) throws(StoreError) -> Int64 {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return 0 }
            return try Int64.fetchOne(
                db, sql: "SELECT change_seq FROM evaluation_cursor WHERE model_id = ?", arguments: [modelID]) ?? 0
        }
    }

    /// Records that `model`'s windows touched up to change-log position `sequence` have been evaluated.
    ///
    /// - Throws: ``StoreError/Code/unknownModel``.
    public func setEvaluationCursor(model: ModelName, sequence: Int64) throws(StoreError) {
        try write { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            try db.execute(
                sql: """
                    INSERT INTO evaluation_cursor (model_id, change_seq) VALUES (?, ?)
                    ON CONFLICT (model_id) DO UPDATE SET change_seq = excluded.change_seq
                    """,
                arguments: [modelID, sequence])
        }
    }
}
