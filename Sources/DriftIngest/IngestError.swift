public import DriftCore

/// Why a batch of events or labels was refused. Nothing of a refused batch is stored.
///
/// Two shapes share this type, told apart by ``problems``:
/// - **Line errors** (``problems`` not empty): one entry per problem, each naming the record's
///   0-based index, the field and the reason. Malformed JSON inside a record is code
///   ``Code/malformedJSON`` (400); valid JSON with wrong content is ``Code/invalidEvent`` or
///   ``Code/invalidLabel`` (422). At most ``maxReportedProblems`` are listed and
///   ``omittedProblemCount`` says how many more there were.
/// - **Whole-body errors** (``problems`` empty): the body is not JSON or NDJSON at all, or the JSON
///   around the records is broken (``byteOffset`` says where), or a size limit was exceeded
///   (``Code/bodyTooLarge``, ``Code/batchTooLarge``: 413).
///
/// It maps directly onto the API's error body,
/// `{"error": {"code": code, "message": message, "details": problems}}` (API.md, "HTTP").
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code. Extensible: new codes are new static values, so
    /// adding one never breaks a `switch`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue }

        /// The body or a record is not valid JSON (RFC 8259) or NDJSON. HTTP 400.
        public static let malformedJSON = Code(rawValue: "malformed_json")
        /// Valid JSON, but an event is wrong: missing or unknown field, wrong type, bad timestamp,
        /// out-of-range value, limit exceeded. HTTP 422.
        public static let invalidEvent = Code(rawValue: "invalid_event")
        /// Valid JSON, but a label record is wrong. HTTP 422.
        public static let invalidLabel = Code(rawValue: "invalid_label")
        /// The body is larger than ``Limits/maxBodyBytes``. HTTP 413.
        public static let bodyTooLarge = Code(rawValue: "body_too_large")
        /// The body holds more records than ``Limits/maxBatchSize``. HTTP 413.
        public static let batchTooLarge = Code(rawValue: "batch_too_large")

        public var description: String { rawValue }
    }

    /// How many problems are listed at most; the rest are only counted.
    public static let maxReportedProblems = 100

    /// What kind of failure this is.
    public var code: Code
    /// The HTTP status to answer with: 400, 413 or 422.
    public var status: Int
    /// One sentence for a person: what is wrong and what to do.
    public var message: String
    /// Every problem found (up to ``maxReportedProblems``), in body order; empty for a
    /// whole-body error.
    public var problems: [LineProblem]
    /// Problems found beyond ``maxReportedProblems`` and not listed.
    public var omittedProblemCount: Int
    /// For a whole-body syntax error, the offset in the body of the byte at fault.
    public var byteOffset: Int?

    /// An error with every part given; the parsers build their own, this is for other refusals
    /// that should read the same.
    public init(
        code: Code, status: Int, message: String, problems: [LineProblem] = [], omittedProblemCount: Int = 0,
        byteOffset: Int? = nil
    ) {
        self.code = code
        self.status = status
        self.message = message
        self.problems = problems
        self.omittedProblemCount = omittedProblemCount
        self.byteOffset = byteOffset
    }

    public var description: String {
        var text = "\(code) (\(status)): \(message)"
        for problem in problems {
            text += "\n  [\(problem.index)]" + (problem.field.map { " \($0)" } ?? "") + ": \(problem.reason)"
        }
        if omittedProblemCount > 0 { text += "\n  … and \(omittedProblemCount) more" }
        return text
    }
}

extension IngestError {
    /// A whole-body syntax error.
    static func malformedBody(_ error: JSONSyntaxError) -> IngestError {
        IngestError(
            code: .malformedJSON, status: 400, message: "The body is not valid JSON: \(error.located).",
            byteOffset: error.offset)
    }

    /// A whole-body error about the body's shape, not attributable to one record.
    static func malformedBody(_ message: String, at offset: Int?) -> IngestError {
        IngestError(code: .malformedJSON, status: 400, message: message, byteOffset: offset)
    }

    static func bodyTooLarge(_ count: Int, limit: Int) -> IngestError {
        IngestError(
            code: .bodyTooLarge, status: 413,
            message:
                "The body has \(count) bytes; at most \(limit) are accepted. Split the batch into smaller requests.")
    }

    static func batchTooLarge(noun: String, limit: Int) -> IngestError {
        IngestError(
            code: .batchTooLarge, status: 413,
            message: "The body holds more than \(limit) \(noun)s; split the batch into requests of at most \(limit).")
    }

    /// The error for a batch with line problems.
    ///
    /// - Parameters:
    ///   - contentCode: the code for content problems (``Code/invalidEvent`` or ``Code/invalidLabel``).
    ///   - recordCount: how many records were read, or nil when reading stopped at a syntax error.
    static func lines(_ list: ProblemList, noun: String, contentCode: Code, recordCount: Int?) -> IngestError {
        let invalid = list.invalidRecordCount
        let subject = invalid == 1 ? "1 \(noun) is" : "\(invalid) \(noun)s are"
        var message: String
        if let recordCount {
            message =
                "\(invalid == 1 ? "1" : "\(invalid)") of \(recordCount) \(noun)s \(invalid == 1 ? "is" : "are") invalid"
        } else {
            message = "\(subject) invalid, and the JSON is broken at the last one, so the rest of the body was not read"
        }
        message += "; nothing was stored. Fix the listed \(noun)s and resend the batch."
        if list.omittedCount > 0 {
            message += " Only the first \(list.problems.count) of \(list.totalCount) problems are listed."
        }
        return IngestError(
            code: list.hasSyntaxProblem ? .malformedJSON : contentCode, status: list.hasSyntaxProblem ? 400 : 422,
            message: message, problems: list.problems, omittedProblemCount: list.omittedCount)
    }
}
