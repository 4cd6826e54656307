/// A position in a rule file: the file's path and a 1-based line and column.
///
/// Columns count Unicode scalars, as libYAML does. Problems that belong to a whole file
/// (it cannot be read, it is not a mapping) point at line 1, column 1.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as it was given to the loader.
    public let file: String
    /// Line number, starting at 1.
    public let line: Int
    /// Column number, starting at 1.
    public let column: Int

    /// A location in `file` at `line`:`column` (both 1-based).
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:line:column`, the form compilers and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }
}
