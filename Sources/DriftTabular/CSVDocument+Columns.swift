public import DriftStats

extension CSVDocument {
    /// Reads column `column` as numbers.
    ///
    /// Each field is unescaped, trimmed of ASCII spaces and tabs, and parsed by
    /// ``DecimalParser`` (correctly rounded, like `strtod`). A field is *missing*, and becomes
    /// `Double.nan`, when it is empty or blank, `NaN` (any case and sign), or one of the
    /// case-insensitive markers `NA`, `N/A`, `#N/A`, `<NA>`, `null`, `None`.
    /// `inf`/`infinity` parse as infinities.
    ///
    /// - Returns: `.numeric` with one value per row, or `.notNumeric` describing the first
    ///   field that is neither a number nor missing.
    /// - Precondition: `column` is in `0..<columnCount`.
    public func numericValues(column: Int) -> NumericParse {
        precondition(column >= 0 && column < columnCount, "column index out of range")
        let rowCount = self.rowCount
        var failedRow = -1
        var scratch: [UInt8] = []
        let values = withFields(column: column) { fields in
            [Double](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                let output = buffer.baseAddress!
                for row in 0..<rowCount {
                    let (start, count) = fields.raw(row: row)
                    if count == 0 {
                        output[row] = .nan
                        continue
                    }
                    if start[0] != ASCII.quote, let value = DecimalParser.parse(start, count: count) {
                        output[row] = value.isNaN ? .nan : value
                        continue
                    }
                    let value = fields.withValue(row: row, scratch: &scratch) { text -> Double? in
                        if let value = DecimalParser.parse(text) { return value.isNaN ? .nan : value }
                        return FieldText.isMissingMarker(text) ? .nan : nil
                    }
                    guard let value else {
                        failedRow = row
                        output.update(repeating: .nan, count: rowCount)
                        break
                    }
                    output[row] = value
                }
                initialized = rowCount
            }
        }
        guard failedRow >= 0 else { return .numeric(values) }
        let text = field(row: failedRow, column: column)
        let sample = text.count > Self.sampleLength ? String(text.prefix(Self.sampleLength)) + "…" : text
        return .notNumeric(line: line(ofRow: failedRow), value: sample)
    }

    /// Reads column `column` as categories, dictionary-encoded by the fields' unescaped bytes
    /// (exact bytes: no trimming, case-sensitive). Empty fields are missing
    /// (``CategoricalColumn/missingCode``). Categories are numbered in order of first appearance.
    /// - Precondition: `column` is in `0..<columnCount`.
    public func categoricalValues(column: Int) -> CategoricalColumn {
        precondition(column >= 0 && column < columnCount, "column index out of range")
        let rowCount = self.rowCount
        var dictionary = ByteSliceDictionary()
        var scratch: [UInt8] = []
        let codes = withFields(column: column) { fields in
            [Int32](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                for row in 0..<rowCount {
                    buffer[row] = fields.withValue(row: row, scratch: &scratch) { value in
                        value.isEmpty ? CategoricalColumn.missingCode : dictionary.code(for: value)
                    }
                }
                initialized = rowCount
            }
        }
        return CategoricalColumn(categories: dictionary.categories(), codes: codes)
    }

    /// The kind of column `column`: numeric when every non-missing field is a number (see
    /// ``numericValues(column:)``) and at least one field is not missing; categorical otherwise
    /// (so `true`/`false` columns and all-missing columns are categorical).
    /// - Precondition: `column` is in `0..<columnCount`.
    public func inferredKind(column: Int) -> CSVColumnKind {
        CSVColumnKind(numericValues(column: column))
    }

    /// Column `column` converted according to its inferred kind (one numeric pass, plus a
    /// categorical pass when the column is not numeric).
    /// - Precondition: `column` is in `0..<columnCount`.
    public func typedColumn(_ column: Int) -> ColumnValues {
        let parse = numericValues(column: column)
        if CSVColumnKind(parse) == .numeric, case .numeric(let values) = parse {
            return .numeric(values)
        }
        return .categorical(categoricalValues(column: column))
    }

    /// Every column converted according to its inferred kind, with at most `maxConcurrency`
    /// columns converted at once.
    public func typedColumns(maxConcurrency: Int = CSVDocument.defaultConcurrency) -> [ColumnValues] {
        Parallel.map(columnCount, width: maxConcurrency) { typedColumn($0) }
    }
}
