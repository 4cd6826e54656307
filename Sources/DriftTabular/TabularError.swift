/// Why two tables could not be compared, with a one-line message that names the file (and line where it
/// applies) so a user can fix the input.
public struct TabularError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case unknownColumn = "unknown_column"
        case conflictingTypes = "conflicting_types"
        case notNumeric = "not_numeric"
        case noUsableValues = "no_usable_values"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
