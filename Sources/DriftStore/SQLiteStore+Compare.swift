public import DriftCore
import GRDB

extension SQLiteStore {
    /// The events of model versions `a` and `b` with event time in [`from`, `to`), shadow or not, in
    /// arrival order, and the number of events of every version in the range; nil for an unknown model.
    ///
    /// One read transaction, both from the `(model_id, ts)` index: the range is scanned once for the
    /// per-version counts (a `GROUP BY` that touches no row blob) and once for the rows of the two
    /// versions, of which only the id, prediction, score and label are read — the feature blobs stay
    /// on disk.
    public func versionOutcomes(
        model: ModelName, a: String, b: String, from: Int64, to: Int64
    ) throws(StoreError) -> VersionOutcomes? {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return nil }
            var counts: [String: Int] = [:]
            let countRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT model_version, COUNT(*) FROM event
                    WHERE model_id = ? AND ts >= ? AND ts < ? AND model_version IS NOT NULL
                    GROUP BY model_version
                    """,
                arguments: [modelID, from, to])
            while let row = try countRows.next() {
                counts[row[0] as String] = row[1] as Int
            }
            var outcomesA: [VersionOutcomes.Outcome] = []
            var outcomesB: [VersionOutcomes.Outcome] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT model_version, event_id, prediction, score, label FROM event
                    WHERE model_id = ? AND ts >= ? AND ts < ? AND model_version IN (?, ?)
                    ORDER BY seq
                    """,
                arguments: [modelID, from, to, a, b])
            while let row = try rows.next() {
                let version: String = row[0]
                let outcome = VersionOutcomes.Outcome(
                    id: row[1], prediction: try StoredScalar.scalar(row[2]), score: row[3],
                    label: try StoredScalar.scalar(row[4]))
                if version == a { outcomesA.append(outcome) }
                if version == b { outcomesB.append(outcome) }
            }
            return VersionOutcomes(a: outcomesA, b: outcomesB, eventsPerVersion: counts)
        }
    }
}
