import DriftCore
import GRDB

extension StoredWindowResult {
    /// The columns of `window_result` (and `slice_window_result`) that ``init(columnsOf:)`` reads, in its order:
    /// a query lists them first.
    static let columns = "window_start, window_end, reference_version, partial, evaluated_at, evaluations, result_json"

    /// A stored window from the first seven columns of `row`, selected as ``columns``.
    init(columnsOf row: Row) {
        self.init(
            start: row[0], end: row[1], referenceVersion: row[2], partial: row[3], evaluatedAt: row[4],
            evaluations: row[5], json: row[6])
    }
}
