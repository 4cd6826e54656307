import DriftCore
import DriftStats
import DriftTabular
import Foundation

/// Reads a reference upload — CSV, NDJSON or a JSON array of row objects — into named columns.
enum ReferenceBodyParser {
    enum Format {
        case csv, ndjson, jsonArray
    }

    /// The format from the Content-Type, or nil when it is not one of ours.
    static func format(contentType: String?) -> Format? {
        let type = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "text/csv", "application/csv": return .csv
        case "application/x-ndjson", "application/ndjson", "application/jsonl": return .ndjson
        case "application/json": return .jsonArray
        default: return nil
        }
    }

    static func columns(body: [UInt8], format: Format) throws(APIError) -> [(name: String, values: ColumnValues)] {
        switch format {
        case .csv:
            let document: CSVDocument
            do {
                document = try CSVDocument(bytes: body, name: "reference", maxConcurrency: 2)
            } catch {
                throw .badRequest("invalid_csv", error.description)
            }
            return zip(document.columnNames, document.typedColumns()).map { ($0, $1) }
        case .ndjson:
            var rows: [[String: Any]] = []
            for (index, line) in body.split(separator: UInt8(ascii: "\n")).enumerated() {
                let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
                if trimmed.isEmpty || trimmed.allSatisfy({ $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ") }) { continue }
                guard let row = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw .badRequest("invalid_json", "line \(index + 1) is not a JSON object",
                                      details: [LineProblem(index: index, field: nil, reason: "not a JSON object")])
                }
                rows.append(row)
            }
            return try columns(rows: rows)
        case .jsonArray:
            guard let rows = try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else {
                throw .badRequest("invalid_json", "the body must be a JSON array of row objects")
            }
            return try columns(rows: rows)
        }
    }

    /// Refuses column names that are empty, longer than `maxNameBytes` or hold a control character (422,
    /// one detail per column: `index` is the column's position in the header, `field` its name).
    static func checkNames(_ columns: [(name: String, values: ColumnValues)], maxNameBytes: Int) throws(APIError) {
        var problems: [LineProblem] = []
        for (position, column) in columns.enumerated() {
            let shown = ControlCharacters.quoted(column.name)
            if column.name.isEmpty {
                problems.append(LineProblem(index: position, field: "header", reason: "column \(position + 1) has no name"))
            } else if column.name.utf8.count > maxNameBytes {
                problems.append(LineProblem(
                    index: position, field: "header",
                    reason: "column name \(shown)… is \(column.name.utf8.count) bytes; names are limited to \(maxNameBytes) bytes"))
            } else if let offset = ControlCharacters.firstOffset(in: column.name) {
                problems.append(LineProblem(
                    index: position, field: "header",
                    reason: ControlCharacters.reason(field: "column name \(shown)", offset: offset)))
            }
        }
        guard problems.isEmpty else {
            throw .unprocessable(
                "invalid_column_name", "\(problems.count) column name(s) of the reference cannot be used; see details",
                details: problems)
        }
    }

    /// Column-wise values of JSON rows: numeric when every non-null value is a number, else categorical.
    private static func columns(rows: [[String: Any]]) throws(APIError) -> [(name: String, values: ColumnValues)] {
        guard !rows.isEmpty else { throw .unprocessable("empty_reference", "the reference has no rows") }
        var names: [String] = []
        var seen: Set<String> = []
        for row in rows {
            for key in row.keys.sorted() where !seen.contains(key) {
                seen.insert(key)
                names.append(key)
            }
        }
        var result: [(name: String, values: ColumnValues)] = []
        for name in names {
            var numbers: [Double] = []
            var numeric = true
            for row in rows {
                switch row[name] {
                case let number as NSNumber where !isBoolean(number):
                    numbers.append(number.doubleValue)
                case nil, is NSNull:
                    numbers.append(.nan)
                default:
                    numeric = false
                }
                if !numeric { break }
            }
            if numeric {
                result.append((name, .numeric(numbers)))
                continue
            }
            let values: [String?] = rows.map { row in
                switch row[name] {
                case nil, is NSNull: return nil
                case let text as String: return text
                case let number as NSNumber where isBoolean(number):
                    return number.boolValue ? "true" : "false"
                case let number as NSNumber: return ScalarValue.number(number.doubleValue).categoryName
                default: return nil
                }
            }
            result.append((name, .categorical(CategoricalColumn(values: values))))
        }
        return result
    }

    /// Whether JSONSerialization produced this number from `true`/`false` (a char-typed NSNumber).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
