import DriftCore

/// Decodes one label object, `{"id": …, "label": …}`, for ``BatchReader``.
struct LabelDecoder: RecordDecoding {
    static let noun = "label"
    static let wrapperKey: StaticString = "labels"
    static let contentCode = IngestError.Code.invalidLabel
    static let knownFields = ["id", "label"]

    let limits: Limits
    private(set) var currentField: String?

    init(limits: Limits) {
        self.limits = limits
    }

    mutating func decode(_ cursor: inout JSONCursor, index: Int, problems: inout ProblemList) throws(JSONSyntaxError)
        -> LabelRecord?
    {
        currentField = nil
        let problemsBefore = problems.totalCount
        var id: String?
        var label: ScalarValue?
        var sawID = false
        var sawLabel = false

        var more = try cursor.enterObject()
        while more {
            let key = try cursor.readKey()
            let name = cursor.string(key)
            currentField = name
            switch name {
            case "id" where !sawID:
                sawID = true
                id = try cursor.readID(index: index, limits: limits, problems: &problems)
            case "label" where !sawLabel:
                sawLabel = true
                label = try cursor.readOutcome(
                    field: "label", nullMeansAbsent: false, maxStringBytes: limits.maxStringBytes, index: index,
                    problems: &problems)
            case "id", "label":
                problems.add(
                    index: index, field: name,
                    reason:
                        "duplicate field \"\(name)\"; each field may appear once "
                        + "(RFC 8259 §4: names should be unique)",
                    isSyntax: true)
                try cursor.skipValue()
            default:
                problems.add(
                    index: index, field: name,
                    reason: UnknownField.reason(for: name, known: Self.knownFields, noun: Self.noun))
                try cursor.skipValue()
            }
            currentField = nil
            more = try cursor.nextMember()
        }
        if !sawID { problems.add(index: index, field: "id", reason: "missing required field \"id\"") }
        if !sawLabel { problems.add(index: index, field: "label", reason: "missing required field \"label\"") }
        guard problems.totalCount == problemsBefore, let id, let label else { return nil }
        return LabelRecord(id: id, label: label)
    }
}
