/// Why a CSV file could not be read, with the file's display name and, where it applies, the
/// 1-based physical line (a newline inside a quoted field starts a new line).
///
/// ``description`` is a one-line message in the compiler style, e.g.
/// `current.csv:17: row has 4 fields, header has 5`.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The path does not exist.
        case fileNotFound
        /// The path exists but could not be read (a directory, no permission, an I/O error).
        case unreadable
        /// The input is 4 GiB or larger; field positions are stored as 32-bit offsets.
        case tooLarge
        /// The input has no header row: it is empty, or holds only a byte-order mark and blank lines.
        case empty
        /// The input has a header row but no data rows.
        case noRows
        /// A row has more or fewer fields than the header.
        case raggedRow
        /// A quoted field is still open at the end of the input.
        case unterminatedQuote
        /// A closing quote is followed by something other than a comma or the end of the line
        /// (a quote inside a quoted field must be written twice).
        case unexpectedCharacterAfterQuote
        /// The input is not valid UTF-8.
        case invalidUTF8
        /// Two header fields have the same name.
        case duplicateColumn
    }

    /// The kind of failure.
    public let code: Code
    /// The display name of the input (a path, or the name given for bytes).
    public let file: String
    /// The 1-based physical line the failure is on, when it is about a place in the input.
    public let line: Int?
    /// What went wrong, without the location.
    public let detail: String

    /// Creates an error; `description` is `"file:line: detail"`, or `"file: detail"` without a line.
    public init(_ code: Code, file: String, line: Int? = nil, detail: String) {
        self.code = code
        self.file = file
        self.line = line
        self.detail = detail
    }

    /// `file:line: detail`, or `file: detail` when there is no line.
    public var description: String {
        if let line { return "\(file):\(line): \(detail)" }
        return "\(file): \(detail)"
    }
}
