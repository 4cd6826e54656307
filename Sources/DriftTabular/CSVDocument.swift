/// A parsed CSV file: header names plus the byte range of every field, indexed once.
///
/// Input follows RFC 4180 (see ``CSVScanner`` for the exact grammar): a header row, then data
/// rows; fields separated by commas; quoted fields with `""` escapes and embedded commas, CR
/// and LF; LF or CRLF line ends; an optional final line end; an optional UTF-8 byte-order
/// mark. Blank lines are ignored. The input must be valid UTF-8.
///
/// Values are not converted when the document is built; ``numericValues(column:)``,
/// ``categoricalValues(column:)`` and ``typedColumns(maxConcurrency:)`` convert columns from
/// the bytes on demand. The document keeps the input bytes (about 1.25× the file size in total
/// with the index). It is immutable and `Sendable`, so columns can be extracted concurrently.
public struct CSVDocument: Sendable {
    /// The name used in errors: a path, or whatever the caller passed for bytes.
    public let name: String
    /// The header fields, unescaped, in order. Names are unique.
    public let columnNames: [String]
    /// Number of data rows (the header and blank lines are not rows).
    public let rowCount: Int

    /// The input, byte-order mark included (offsets are absolute).
    let bytes: [UInt8]
    /// Field bounds, column-major; see ``CSVIndex/bounds``.
    let bounds: [UInt32]

    /// Threads used by default: the processors online.
    public static var defaultConcurrency: Int { Parallel.processorCount }

    /// Longest text, in characters, quoted back in ``NumericParse/notNumeric(line:value:)``.
    public static let sampleLength = 64

    /// Parses CSV bytes.
    ///
    /// - Parameters:
    ///   - bytes: The whole input.
    ///   - name: How to refer to the input in errors, e.g. a file name or an upload's name.
    ///   - maxConcurrency: At most this many threads index the input (inputs under 1 MiB use one).
    /// - Throws: ``CSVError`` with code `.empty`, `.noRows`, `.raggedRow`, `.unterminatedQuote`,
    ///   `.unexpectedCharacterAfterQuote`, `.invalidUTF8`, `.duplicateColumn` or `.tooLarge`.
    public init(bytes: [UInt8], name: String, maxConcurrency: Int = CSVDocument.defaultConcurrency) throws(CSVError) {
        try self.init(bytes: bytes, name: name, maxConcurrency: maxConcurrency, parallelThreshold: CSVIndexer.parallelThreshold)
    }

    /// Parses CSV bytes, splitting the work whenever the body has at least `parallelThreshold`
    /// bytes (tests use tiny thresholds to exercise the parallel path on small inputs).
    init(bytes: [UInt8], name: String, maxConcurrency: Int, parallelThreshold: Int) throws(CSVError) {
        let index = try CSVIndexer.index(bytes, name: name, width: maxConcurrency, parallelThreshold: parallelThreshold)
        self.name = name
        self.columnNames = index.columnNames
        self.rowCount = index.rowCount
        self.bytes = bytes
        self.bounds = index.bounds
    }

    /// Reads and parses a CSV file.
    ///
    /// - Parameters:
    ///   - path: The file to read (regular files, pipes and other streams all work).
    ///   - name: How to refer to the file in errors; defaults to `path` as given.
    ///   - maxConcurrency: At most this many threads index the input.
    /// - Throws: ``CSVError``: `.fileNotFound`, `.unreadable`, or any error of ``init(bytes:name:maxConcurrency:)``.
    public init(contentsOfFile path: String, name: String? = nil, maxConcurrency: Int = CSVDocument.defaultConcurrency) throws(CSVError) {
        let displayName = name ?? path
        let bytes = try FileReader.readAll(path: path, name: displayName)
        try self.init(bytes: bytes, name: displayName, maxConcurrency: maxConcurrency)
    }

    /// Reads and parses a CSV file; the same as ``init(contentsOfFile:name:maxConcurrency:)``.
    public static func load(path: String, name: String? = nil, maxConcurrency: Int = CSVDocument.defaultConcurrency) throws(CSVError) -> CSVDocument {
        try CSVDocument(contentsOfFile: path, name: name, maxConcurrency: maxConcurrency)
    }

    /// Number of columns.
    public var columnCount: Int { columnNames.count }

    /// The index of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    /// The value of one field, unescaped. Convenient, not fast: prefer the column methods.
    /// - Precondition: `row` and `column` are in range.
    public func field(row: Int, column: Int) -> String {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "field index out of range")
        var scratch: [UInt8] = []
        return withFields(column: column) { fields in
            fields.withValue(row: row, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The 1-based physical line on which data row `row` (0-based) starts.
    /// - Precondition: `row` is in range.
    public func line(ofRow row: Int) -> Int {
        precondition(row >= 0 && row < rowCount, "row index out of range")
        let start = Int(bounds[row])
        return bytes.withUnsafeBufferPointer { ByteStatistics.lineNumber(atOffset: start, in: $0.baseAddress!) }
    }

    /// Runs `body` with direct access to one column's fields.
    func withFields<R>(column: Int, _ body: (ColumnFields) -> R) -> R {
        bytes.withUnsafeBufferPointer { bytes in
            bounds.withUnsafeBufferPointer { bounds in
                let starts = bounds.baseAddress! + column * rowCount
                return body(ColumnFields(bytes: bytes.baseAddress!, starts: starts, ends: starts + rowCount))
            }
        }
    }
}

/// Pointers to one column's raw fields; valid only inside ``CSVDocument/withFields(column:_:)``.
struct ColumnFields {
    let bytes: UnsafePointer<UInt8>
    let starts: UnsafePointer<UInt32>
    /// Bound `column + 1`: one past the field's end.
    let ends: UnsafePointer<UInt32>

    /// The raw bytes of the field in `row` (quotes included).
    @inline(__always)
    func raw(row: Int) -> (start: UnsafePointer<UInt8>, count: Int) {
        let start = Int(starts[row])
        return (bytes + start, Int(ends[row]) - 1 - start)
    }

    /// Calls `body` with the unescaped value of the field in `row`.
    @inline(__always)
    func withValue<R>(row: Int, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let (start, count) = raw(row: row)
        return FieldText.withUnescaped(start, count: count, scratch: &scratch, body)
    }
}
