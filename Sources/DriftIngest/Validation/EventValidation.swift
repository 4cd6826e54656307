public import DriftCore

/// What ``EventValidator`` found in a parsed batch: errors that refuse it, and facts worth
/// recording that do not.
public struct EventValidation: Sendable, Equatable {
    /// Errors, in event order, at most ``IngestError/maxReportedProblems``. Any error refuses
    /// the whole batch (see ``error``).
    public var problems: [LineProblem]
    /// Errors found beyond ``IngestError/maxReportedProblems`` and not listed.
    public var omittedProblemCount: Int
    /// How many events have at least one error.
    public var invalidEventCount: Int
    /// Indices of events whose id already occurred earlier in the batch. Not errors: like a
    /// repeat of an id stored by an earlier request, they are duplicates — the first occurrence
    /// is stored, these are skipped and counted in `duplicates` (API.md, "HTTP").
    public var duplicateIndices: [Int]
    /// Names of features that are not in the schema, sorted, each once. Not errors: they are
    /// stored and ignored by the statistics until the schema has them.
    public var unexpectedFeatures: [String]
    /// For each event, how many of the schema's features it lacks or sends as `null`.
    public var missingFeatureCounts: [Int]

    /// A result with every part given (``EventValidator`` builds them; this is for tests and callers
    /// that combine results).
    public init(
        problems: [LineProblem] = [], omittedProblemCount: Int = 0, invalidEventCount: Int = 0,
        duplicateIndices: [Int] = [], unexpectedFeatures: [String] = [], missingFeatureCounts: [Int] = []
    ) {
        self.problems = problems
        self.omittedProblemCount = omittedProblemCount
        self.invalidEventCount = invalidEventCount
        self.duplicateIndices = duplicateIndices
        self.unexpectedFeatures = unexpectedFeatures
        self.missingFeatureCounts = missingFeatureCounts
    }

    /// Whether the batch may be stored.
    public var isValid: Bool { problems.isEmpty && omittedProblemCount == 0 }

    /// The error to answer with (422 `invalid_event`) when the batch is refused; nil when valid.
    public var error: IngestError? {
        guard !isValid else { return nil }
        let total = missingFeatureCounts.count
        var message =
            "\(invalidEventCount) of \(total) events \(invalidEventCount == 1 ? "does" : "do") not fit the model"
        message += "; nothing was stored. Fix the listed events and resend the batch."
        if omittedProblemCount > 0 {
            message +=
                " Only the first \(problems.count) of \(problems.count + omittedProblemCount) problems are listed."
        }
        return IngestError(
            code: .invalidEvent, status: 422, message: message, problems: problems,
            omittedProblemCount: omittedProblemCount)
    }
}
