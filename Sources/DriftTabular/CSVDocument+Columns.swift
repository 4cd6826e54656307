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
    /// The values were converted when the document was built; this returns them (no copy).
    ///
    /// - Returns: `.numeric` with one value per row, or `.notNumeric` describing the first
    ///   field that is neither a number nor missing.
    /// - Precondition: `column` is in `0..<columnCount`.
    public func numericValues(column: Int) -> NumericParse {
        precondition(column >= 0 && column < columnCount, "column index out of range")
        switch columns[column] {
        case .numeric(let values):
            return .numeric(values)
        case .categorical(_, let location):
            let text = withScanner { self.text(of: location.start..<location.end, scanner: $0) }
            let sample = text.count > Self.sampleLength ? String(text.prefix(Self.sampleLength)) + "…" : text
            return .notNumeric(line: line(ofRow: location.row), value: sample)
        }
    }

    /// Reads column `column` as categories, dictionary-encoded by the fields' unescaped bytes
    /// (exact bytes: no trimming, case-sensitive). Empty fields are missing
    /// (``CategoricalColumn/missingCode``). Categories are numbered in order of first appearance.
    ///
    /// Free for columns that are not numeric (they were encoded when the document was built);
    /// for a numeric column the input is scanned again.
    /// - Precondition: `column` is in `0..<columnCount`.
    public func categoricalValues(column: Int) -> CategoricalColumn {
        precondition(column >= 0 && column < columnCount, "column index out of range")
        if case .categorical(let values, _) = columns[column] { return values }
        var dictionary = ByteSliceDictionary()
        var codes: [Int32] = []
        withScanner { scanner in
            recordStarts.withUnsafeBufferPointer { starts in
                CategoricalEncoder.encode(
                    column: column, recordStarts: starts, scanner: scanner, dictionary: &dictionary, codes: &codes)
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

    /// Column `column` converted according to its ``inferredKind(column:)``.
    /// - Precondition: `column` is in `0..<columnCount`.
    public func typedColumn(_ column: Int) -> ColumnValues {
        let parse = numericValues(column: column)
        if CSVColumnKind(parse) == .numeric, case .numeric(let values) = parse {
            return .numeric(values)
        }
        return .categorical(categoricalValues(column: column))
    }

    /// Every column converted according to its inferred kind, with at most `maxConcurrency`
    /// columns converted at once (only all-missing columns need work at this point).
    public func typedColumns(maxConcurrency: Int = CSVDocument.defaultConcurrency) -> [ColumnValues] {
        Parallel.map(columnCount, width: maxConcurrency) { typedColumn($0) }
    }
}
