/// A parsed CSV file: header names and every column, converted once.
///
/// Input follows RFC 4180 (see ``CSVScanner`` for the exact grammar): a header row, then data
/// rows; fields separated by commas; quoted fields with `""` escapes and embedded commas, CR
/// and LF; LF or CRLF line ends; an optional final line end; an optional UTF-8 byte-order
/// mark. Blank lines are ignored. The input must be valid UTF-8.
///
/// Building the document scans the input once (in parallel for large inputs) and converts
/// each field as it is found, while its bytes are in cache: a column is kept as numbers while
/// every field is a number or a missing marker, and as dictionary codes from its first other
/// field on. Reading columns afterwards is then cheap. The input itself is kept (files are
/// memory-mapped) for ``field(row:column:)`` and for reading a numeric column as categories.
/// The document is immutable and `Sendable`.
public struct CSVDocument: Sendable {
    /// The name used in errors: a path, or whatever the caller passed for bytes.
    public let name: String
    /// The header fields, unescaped, in order. Names are unique.
    public let columnNames: [String]

    /// The raw input.
    let input: InputBytes
    /// Byte offset of each data row's first field.
    let recordStarts: [UInt32]
    /// The converted columns.
    let columns: [StoredColumn]

    /// Threads used by default: the processors online.
    public static var defaultConcurrency: Int { Parallel.processorCount }

    /// Longest text, in characters, quoted back in ``NumericParse/notNumeric(line:value:)``.
    public static let sampleLength = 64

    /// Parses CSV bytes.
    ///
    /// - Parameters:
    ///   - bytes: The whole input.
    ///   - name: How to refer to the input in errors, e.g. a file name or an upload's name.
    ///   - maxConcurrency: At most this many threads work on the input (inputs under 1 MiB use one).
    /// - Throws: ``CSVError`` with code `.empty`, `.noRows`, `.raggedRow`, `.unterminatedQuote`,
    ///   `.unexpectedCharacterAfterQuote`, `.invalidUTF8`, `.duplicateColumn` or `.tooLarge`.
    public init(bytes: [UInt8], name: String, maxConcurrency: Int = CSVDocument.defaultConcurrency) throws(CSVError) {
        try self.init(input: InputBytes(bytes), name: name, maxConcurrency: maxConcurrency)
    }

    /// Reads and parses a CSV file.
    ///
    /// - Parameters:
    ///   - path: The file to read (regular files are memory-mapped; pipes and other streams are read).
    ///   - name: How to refer to the file in errors; defaults to `path` as given.
    ///   - maxConcurrency: At most this many threads work on the input.
    /// - Throws: ``CSVError``: `.fileNotFound`, `.unreadable`, or any error of ``init(bytes:name:maxConcurrency:)``.
    public init(contentsOfFile path: String, name: String? = nil, maxConcurrency: Int = CSVDocument.defaultConcurrency) throws(CSVError) {
        let displayName = name ?? path
        try self.init(input: FileReader.readAll(path: path, name: displayName), name: displayName, maxConcurrency: maxConcurrency)
    }

    /// Reads and parses a CSV file; the same as ``init(contentsOfFile:name:maxConcurrency:)``.
    public static func load(path: String, name: String? = nil, maxConcurrency: Int = CSVDocument.defaultConcurrency) throws(CSVError) -> CSVDocument {
        try CSVDocument(contentsOfFile: path, name: name, maxConcurrency: maxConcurrency)
    }

    /// Parses `input`, splitting the work whenever the body has at least `parallelThreshold`
    /// bytes (tests use tiny thresholds to exercise the parallel path on small inputs).
    init(
        input: InputBytes, name: String, maxConcurrency: Int,
        parallelThreshold: Int = CSVIndexer.parallelThreshold
    ) throws(CSVError) {
        let index = try CSVIndexer.index(input, name: name, width: maxConcurrency, parallelThreshold: parallelThreshold)
        self.name = name
        self.columnNames = index.columnNames
        self.input = input
        self.recordStarts = index.recordStarts
        self.columns = index.columns
    }

    /// Number of columns.
    public var columnCount: Int { columnNames.count }

    /// Number of data rows (the header and blank lines are not rows).
    public var rowCount: Int { recordStarts.count }

    /// The index of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    /// The value of one field, unescaped. Convenient, not fast: prefer the column methods.
    /// - Precondition: `row` and `column` are in range.
    public func field(row: Int, column: Int) -> String {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "field index out of range")
        return withScanner { scanner in
            let range = scanner.fieldRange(inRecordAt: Int(recordStarts[row]), column: column)
            return text(of: range, scanner: scanner)
        }
    }

    /// The 1-based physical line on which data row `row` (0-based) starts. Counts line feeds
    /// from the start of the input, so it is meant for messages, not loops.
    /// - Precondition: `row` is in range.
    public func line(ofRow row: Int) -> Int {
        precondition(row >= 0 && row < rowCount, "row index out of range")
        let start = Int(recordStarts[row])
        return withScanner { ByteStatistics.lineNumber(atOffset: start, in: $0.base) }
    }

    /// Runs `body` with a scanner over the input (which is never empty for a document).
    func withScanner<R>(_ body: (CSVScanner) -> R) -> R {
        input.withBytes { bytes in body(CSVScanner(base: bytes.baseAddress!, count: bytes.count)) }
    }

    /// The unescaped text of a raw field range.
    func text(of range: Range<Int>, scanner: CSVScanner) -> String {
        let decoder = FieldDecoder()
        return withExtendedLifetime(decoder) {
            String(decoding: decoder.value(scanner.base + range.lowerBound, count: range.count), as: UTF8.self)
        }
    }
}
