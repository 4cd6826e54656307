import DriftCore

/// The problems found in one batch, in order, capped at ``IngestError/maxReportedProblems``.
///
/// Records are visited in order, so a record's problems are contiguous; ``invalidRecordCount``
/// counts distinct indices, including those whose problems were past the cap.
struct ProblemList: Sendable {
    private(set) var problems: [LineProblem] = []
    /// Problems found beyond the cap and not listed.
    private(set) var omittedCount = 0
    /// Whether any problem is malformed JSON (HTTP 400) rather than wrong content (422).
    private(set) var hasSyntaxProblem = false
    /// Records with at least one problem.
    private(set) var invalidRecordCount = 0
    private var lastIndex = -1

    var isEmpty: Bool { problems.isEmpty && omittedCount == 0 }
    /// Total problems found, listed or not.
    var totalCount: Int { problems.count + omittedCount }

    mutating func add(index: Int, field: String?, reason: String, isSyntax: Bool = false) {
        if index != lastIndex {
            invalidRecordCount += 1
            lastIndex = index
        }
        if isSyntax { hasSyntaxProblem = true }
        if problems.count < IngestError.maxReportedProblems {
            problems.append(LineProblem(index: index, field: field, reason: reason))
        } else {
            omittedCount += 1
        }
    }
}
