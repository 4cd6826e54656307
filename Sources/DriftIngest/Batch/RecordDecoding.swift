/// Decodes one record object (an event or a label) for ``BatchReader``.
///
/// The reader frames the records (JSON array, wrapper object or NDJSON lines) and enforces the
/// batch-wide limits; a decoder reads one object and knows its fields.
protocol RecordDecoding {
    associatedtype Record

    /// The record's name in messages: "event", "label".
    static var noun: String { get }
    /// The member of a wrapper object that holds the array: "events", "labels".
    static var wrapperKey: StaticString { get }
    /// The error code for records with wrong content.
    static var contentCode: IngestError.Code { get }

    /// The field being read, for a syntax error thrown from ``decode(_:index:problems:)``;
    /// nil between fields.
    var currentField: String? { get }

    /// Decodes the object whose `{` is at the cursor, leaving the cursor after its `}`.
    ///
    /// Content problems (wrong types, unknown fields, bad values) go to `problems` and reading
    /// goes on to the end of the object; the result is then nil. Malformed JSON throws.
    mutating func decode(
        _ cursor: inout JSONCursor, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> Record?
}
