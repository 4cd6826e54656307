/// Why the bytes at `offset` are not JSON (RFC 8259), or break a structural limit (nesting depth).
///
/// Internal: the batch readers turn it into a ``LineProblem`` (inside a record) or a whole-body
/// ``IngestError`` (outside any record).
struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Byte offset in the request body where the problem was found.
    var offset: Int
    /// What is wrong, in words (no offset: the reader appends it).
    var reason: String

    init(at offset: Int, _ reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// The reason followed by where it happened, e.g. `"trailing comma in object (byte 17)"`.
    var located: String { "\(reason) (byte \(offset))" }
}
