public import DriftCore
import DriftStats
import GRDB

extension SQLiteStore {
    /// The events of `model` with `from ≤ timestamp < to`, as columns for the evaluator.
    ///
    /// The read is one range scan of the `(model_id, ts)` index, so its cost is proportional to the
    /// window's events, not to the events stored. Feature blobs are decoded straight into the columns
    /// (``WindowColumnsBuilder``), without JSON and without a `ScalarValue` per value.
    ///
    /// - Parameters:
    ///   - from: first millisecond of the window (inclusive).
    ///   - to: end of the window (exclusive): an event at exactly `to` belongs to the next window.
    ///   - referenceVersion: the reference whose schema decides the columns; nil for the latest.
    /// - Throws: ``StoreError/Code/unknownModel``, ``StoreError/Code/unknownReferenceVersion``.
    public func windowData(
        model: ModelName, from: Int64, to: Int64, referenceVersion: Int? = nil
    ) throws(StoreError) -> WindowData {
        try read { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            let schema = try schema(modelID: modelID, version: referenceVersion, in: db)
            let slots = try FeatureSlots(modelID: modelID, in: db).slots
            let expected =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM event WHERE model_id = ? AND ts >= ? AND ts < ?",
                    arguments: [modelID, from, to]) ?? 0
            var builder = WindowColumnsBuilder(schema: schema, slots: slots, expectedRows: expected)
            var timestamps: [Int64] = []
            var predictions: [ScalarValue?] = []
            var scores: [Double] = []
            var labels: [ScalarValue?] = []
            var latencies: [Double] = []
            latencies.reserveCapacity(expected)
            var sliceColumns = WindowSliceColumnsBuilder(expectedRows: expected)
            timestamps.reserveCapacity(expected)
            predictions.reserveCapacity(expected)
            scores.reserveCapacity(expected)
            labels.reserveCapacity(expected)
            // ORDER BY ts, seq is the index order (an index entry ends with the rowid): no sort step.
            let statement = try db.makeStatement(
                sql: """
                    SELECT ts, features, prediction, score, label, latency_ms, model_version, shadow, tags FROM event
                    WHERE model_id = ? AND ts >= ? AND ts < ? ORDER BY ts, seq
                    """)
            let rows = try Row.fetchCursor(statement, arguments: [modelID, from, to])
            let columns = RawColumnReader(statement: statement.sqliteStatement)
            while try rows.next() != nil {
                timestamps.append(columns.int64(0))
                try columns.withBlob(1) { bytes throws(StoreError) in try builder.appendRow(bytes) }
                predictions.append(try columns.scalar(2))
                scores.append(columns.double(3))
                labels.append(try columns.scalar(4))
                latencies.append(columns.double(5))
                try sliceColumns.append(
                    version: columns.text(6), shadow: columns.int64(7) != 0,
                    tags: columns.withBlob(8) { bytes throws(StoreError) in bytes.isEmpty ? [] : try TagCodec.decode(bytes) })
            }
            var data = WindowData(
                start: from, end: to, schema: schema, columns: builder.columns(), timestamps: timestamps,
                predictions: predictions, scores: scores, labels: labels, latencies: latencies)
            data.sliceColumns = sliceColumns.finish()
            return data
        }
    }

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
