@testable import DriftTabular

/// Parses `text` on one thread.
func parse(_ text: String, name: String = "t.csv") throws(CSVError) -> CSVDocument {
    try CSVDocument(bytes: Array(text.utf8), name: name, maxConcurrency: 1)
}

/// Parses `text` with the parallel path forced on, whatever its size.
func parseInParallel(_ text: String, workers: Int = 3) throws(CSVError) -> CSVDocument {
    try CSVDocument(input: InputBytes(Array(text.utf8)), name: "t.csv", maxConcurrency: workers, parallelThreshold: 0)
}

/// All fields, row by row.
func rows(_ document: CSVDocument) -> [[String]] {
    (0..<document.rowCount).map { row in
        (0..<document.columnCount).map { document.field(row: row, column: $0) }
    }
}

/// The error thrown while parsing `text`, or `nil`.
func parseError(_ text: String) -> CSVError? {
    do {
        _ = try parse(text)
        return nil
    } catch {
        return error
    }
}
