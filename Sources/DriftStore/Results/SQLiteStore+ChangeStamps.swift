public import DriftCore
import GRDB

extension SQLiteStore {
    /// The ``ModelChangeStamp`` of every model, by name.
    ///
    /// One read transaction: the latest window of each model is one primary-key seek (the
    /// `window_result` rows hold kilobytes of JSON, so nothing here scans them); alert transitions and
    /// the outbox are aggregated per model (both are small next to the events).
    public func modelChangeStamps() throws(StoreError) -> [String: ModelChangeStamp] {
        try read { db in
            var stamps: [String: ModelChangeStamp] = [:]
            let models = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.name, m.latest_version, w.window_start, w.evaluated_at, w.evaluations
                    FROM model m LEFT JOIN window_result w ON w.model_id = m.id AND w.window_start = (
                        SELECT window_start FROM window_result WHERE model_id = m.id
                        ORDER BY window_start DESC LIMIT 1)
                    """)
            for row in models {
                stamps[row[0]] = ModelChangeStamp(
                    referenceVersion: row[1], latestWindowStart: row[2], latestWindowEvaluatedAt: row[3],
                    latestWindowEvaluations: row[4])
            }
            for row in try Row.fetchAll(db, sql: "SELECT model, MAX(id) FROM alert_transition GROUP BY model") {
                let model: String = row[0]
                stamps[model]?.lastAlertTransition = row[1]
            }
            let outbox = try Row.fetchAll(
                db,
                sql: """
                    SELECT model, COUNT(*), SUM(attempts), SUM(delivery_state != 'pending')
                    FROM outbox GROUP BY model
                    """)
            for row in outbox {
                let model: String = row[0]
                stamps[model]?.notifications = row[1]
                stamps[model]?.deliveryAttempts = row[2]
                stamps[model]?.finishedNotifications = row[3]
            }
            return stamps
        }
    }
}
