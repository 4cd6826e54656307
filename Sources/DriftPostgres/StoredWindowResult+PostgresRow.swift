import DriftCore
import PostgresNIO

extension StoredWindowResult {
    /// The columns of `window_result` (and `slice_window_result`) that ``init(columnsOf:)`` reads, in its order:
    /// a query lists them first.
    static let columns = "window_start, window_end, reference_version, partial, evaluated_at, evaluations, result_json"

    /// A stored window from the first seven columns of `row`, selected as ``columns``.
    init(columnsOf row: PostgresRow) throws {
        self.init(
            start: try row.get(0, as: Int64.self), end: try row.get(1, as: Int64.self),
            referenceVersion: Int(try row.get(2, as: Int32.self)), partial: try row.get(3, as: Bool.self),
            evaluatedAt: try row.get(4, as: Int64.self), evaluations: Int(try row.get(5, as: Int32.self)),
            json: try row.get(6, as: String.self))
    }
}
