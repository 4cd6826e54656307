/// Converts the fields of one chunk of records as the scanner finds them, while their bytes
/// are still in cache: every column starts in numeric mode (values parsed by
/// ``DecimalParser``) and switches for good to categorical mode (dictionary codes) at its
/// first field that is neither a number nor a missing marker. Rows of the chunk before the
/// switch are then encoded again from the input (rare: a text column usually fails on its
/// first row).
///
/// Nothing else is stored per field; per record only its start offset is kept.
///
/// A class so that the per-column state can live in one manually managed buffer, mutated in
/// place by the hot loop without copy-on-write or exclusivity checks; used by one thread at a
/// time.
final class ChunkConverter {
    let scanner: CSVScanner
    let columnCount: Int
    /// ``PowersOfFive/shared``, fetched once.
    let table: PowersOfFive
    /// Start offset of every record converted so far.
    private(set) var recordStarts: [UInt32] = []
    /// One builder per column; `nil` after ``takeColumns()``.
    private var builders: UnsafeMutablePointer<ColumnBuilder>?
    private let decoder = FieldDecoder()

    /// `expectedRows` sizes the buffers (virtual memory only until written).
    init(scanner: CSVScanner, columnCount: Int, expectedRows: Int) {
        self.scanner = scanner
        self.columnCount = columnCount
        self.table = .shared
        recordStarts.reserveCapacity(expectedRows)
        let builders = UnsafeMutablePointer<ColumnBuilder>.allocate(capacity: columnCount)
        for column in 0..<columnCount {
            (builders + column).initialize(to: ColumnBuilder(expectedRows: expectedRows))
        }
        self.builders = builders
    }

    deinit {
        if let builders {
            builders.deinitialize(count: columnCount)
            builders.deallocate()
        }
    }

    /// Moves the column builders out; the converter must not convert afterwards.
    func takeColumns() -> [ColumnBuilder] {
        guard let builders else { return [] }
        let columns = (0..<columnCount).map { (builders + $0).move() }
        builders.deallocate()
        self.builders = nil
        return columns
    }

    /// Number of records converted.
    var rowCount: Int { recordStarts.count }

    @inline(__always)
    private var columns: UnsafeMutablePointer<ColumnBuilder> { builders.unsafelyUnwrapped }

    /// Called once per record, before its fields.
    @inline(__always)
    func beginRecord(at start: Int) {
        recordStarts.append(UInt32(truncatingIfNeeded: start))
    }

    /// Whether `column` is still in numeric mode.
    @inline(__always)
    func isNumeric(_ column: Int) -> Bool {
        columns[column].isNumeric
    }

    /// Appends a number the scanner parsed itself (only in numeric mode).
    @inline(__always)
    func appendNumber(_ value: Double, column: Int) {
        columns[column].numbers.append(value)
    }

    /// Converts field `column` of the current record: raw bytes `start..<end`, quotes included.
    @inline(__always)
    func field(column: Int, start: Int, end: Int) {
        let pointer = scanner.base + start
        let length = end - start
        if columns[column].isNumeric {
            if length == 0 {
                columns[column].numbers.append(.nan)
                return
            }
            let value = decoder.value(pointer, count: length)
            if let number = value.baseAddress.flatMap({ DecimalParser.parse($0, count: value.count, table: table) }) {
                columns[column].numbers.append(number.isNaN ? .nan : number)
                return
            }
            if MissingMarkers.contains(value) {
                columns[column].numbers.append(.nan)
                return
            }
            switchToCategorical(column: column, failingStart: start, failingEnd: end)
        }
        let value = decoder.value(pointer, count: length)
        columns[column].codes.append(value.isEmpty ? Self.missingCode : columns[column].dictionary.code(for: value))
    }

    /// ``CategoricalColumn/missingCode``, as a constant the optimiser can fold.
    private static var missingCode: Int32 { -1 }

    /// Records the first non-numeric field and re-encodes the earlier rows of this chunk.
    private func switchToCategorical(column: Int, failingStart: Int, failingEnd: Int) {
        let row = recordStarts.count - 1
        columns[column].firstNonNumeric = FieldLocation(row: row, start: failingStart, end: failingEnd)
        columns[column].isNumeric = false
        columns[column].numbers = []
        columns[column].codes.reserveCapacity(recordStarts.capacity)
        for earlier in 0..<row {
            let range = scanner.fieldRange(inRecordAt: Int(recordStarts[earlier]), column: column)
            let value = decoder.value(scanner.base + range.lowerBound, count: range.count)
            let code = value.isEmpty ? Self.missingCode : columns[column].dictionary.code(for: value)
            columns[column].codes.append(code)
        }
    }
}

/// Where a field is: its 0-based data row (within a chunk or the document) and raw byte range.
struct FieldLocation: Sendable, Equatable {
    var row: Int
    var start: Int
    var end: Int
}

/// One column's conversion state within a chunk.
struct ColumnBuilder {
    /// Numeric mode until the first non-numeric field.
    var isNumeric = true
    /// Numeric mode: one value per row (NaN = missing).
    var numbers: [Double] = []
    /// Categorical mode: one code per row.
    var codes: [Int32] = []
    var dictionary = ByteSliceDictionary()
    /// The field that ended numeric mode.
    var firstNonNumeric: FieldLocation?

    init(expectedRows: Int) {
        numbers.reserveCapacity(expectedRows)
    }
}
