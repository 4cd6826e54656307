/// The outcome of reading one column as numbers (see ``CSVDocument/numericValues(column:)``).
public enum NumericParse: Sendable, Equatable {
    /// Every field is a number or missing; missing fields are `Double.nan`.
    case numeric([Double])
    /// The first field (in row order) that is neither a number nor a missing-value marker:
    /// the 1-based physical line its row starts on, and its text (unescaped, cut to
    /// ``CSVDocument/sampleLength`` characters).
    case notNumeric(line: Int, value: String)
}

/// How a column is interpreted.
public enum CSVColumnKind: String, Sendable, Equatable, CaseIterable {
    /// Every non-missing field is a number, and at least one field is not missing.
    case numeric
    /// Anything else, including all-missing columns and `true`/`false` columns.
    case categorical

    /// The kind implied by a numeric parse: numeric when it succeeded and produced at least
    /// one non-missing value.
    public init(_ parse: NumericParse) {
        switch parse {
        case .numeric(let values):
            self = values.contains(where: { !$0.isNaN }) ? .numeric : .categorical
        case .notNumeric:
            self = .categorical
        }
    }
}
