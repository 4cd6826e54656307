import DriftCore

/// Decodes one event object (API.md, "Concepts") for ``BatchReader``.
///
/// Members may come in any order; `id`, `timestamp`, `features` and `prediction` are required.
/// `score`, `label`, `model_version`, `shadow`, `tags` and `latency_ms` are optional and `null` means
/// absent for them (API.md, "Slices", "Serving metrics"). Unknown and repeated members are refused.
struct EventDecoder: RecordDecoding {
    static let noun = "event"
    static let wrapperKey: StaticString = "events"
    static let contentCode = IngestError.Code.invalidEvent
    static let knownFields = EventField.allCases.map(\.name)

    let limits: Limits
    /// Feature names by position, reused across events of the same shape.
    var featureNames = SpanStringCache()
    /// String feature values by position (repeated categories).
    var featureValues = SpanStringCache()
    /// The model version of the previous event.
    var modelVersions = SpanStringCache()
    /// Tag keys and values by position, reused across events (tags repeat: a handful of regions).
    var tagKeys = SpanStringCache()
    var tagValues = SpanStringCache()
    /// Feature count of the previous event when its names were verified distinct, else 0: an
    /// event whose names hit the cache at every position up to this count needs no check.
    var verifiedShape = 0

    /// Where a syntax error would be: the member being read. Kept free of payloads that need
    /// reference counting, since it is set for every member.
    var location = Location.between
    /// The name of the unknown member being skipped, for ``Location/unknown``.
    private var unknownName = ""

    enum Location {
        case between
        case field(EventField)
        /// An unknown member, named by ``unknownName``.
        case unknown
        /// The feature at this position of `features`; its name is in ``featureNames``.
        case feature(slot: Int)
    }

    init(limits: Limits) {
        self.limits = limits
    }

    var currentField: String? {
        switch location {
        case .between: nil
        case .field(let field): field.name
        case .unknown: unknownName
        case .feature(let slot): featureNames.string(slot: slot).map { "features.\($0)" } ?? "features"
        }
    }

    mutating func decode(_ cursor: inout JSONCursor, index: Int, problems: inout ProblemList) throws(JSONSyntaxError)
        -> Event?
    {
        location = .between
        let problemsBefore = problems.totalCount
        var id: String?
        var timestamp: Int64?
        var features: [Event.Feature]?
        var prediction: ScalarValue?
        var score: Double?
        var label: ScalarValue?
        var modelVersion: String?
        var shadow = false
        var tags: [Event.Tag] = []
        var latency: Double?
        var seen: UInt16 = 0

        var more = try cursor.enterObject()
        while more {
            let key = try cursor.readKey()
            guard let field = cursor.withDecodedBytes(key, { EventField(name: $0) }) else {
                let name = cursor.string(key)
                unknownName = name
                location = .unknown
                problems.add(
                    index: index, field: name,
                    reason: UnknownField.reason(for: name, known: Self.knownFields, noun: Self.noun))
                try cursor.skipValue()
                location = .between
                more = try cursor.nextMember()
                continue
            }
            location = .field(field)
            if seen & field.bit != 0 {
                problems.add(
                    index: index, field: field.name,
                    reason:
                        "duplicate field \"\(field.name)\"; each field may appear once "
                        + "(RFC 8259 §4: names should be unique)",
                    isSyntax: true  // duplicate keys make the JSON ambiguous: a 400, like any malformed JSON
                )
                try cursor.skipValue()
            } else {
                seen |= field.bit
                switch field {
                case .id: id = try cursor.readID(index: index, limits: limits, problems: &problems)
                case .timestamp: timestamp = try cursor.readTimestamp(index: index, problems: &problems)
                case .features: features = try readFeatures(&cursor, index: index, problems: &problems)
                case .prediction:
                    prediction = try cursor.readOutcome(
                        field: "prediction", nullMeansAbsent: false, maxStringBytes: limits.maxStringBytes,
                        index: index,
                        problems: &problems)
                case .score: score = try readScore(&cursor, index: index, problems: &problems)
                case .label:
                    label = try cursor.readOutcome(
                        field: "label", nullMeansAbsent: true, maxStringBytes: limits.maxStringBytes, index: index,
                        problems: &problems)
                case .modelVersion: modelVersion = try readModelVersion(&cursor, index: index, problems: &problems)
                case .shadow: shadow = try readShadow(&cursor, index: index, problems: &problems)
                case .tags: tags = try readTags(&cursor, index: index, problems: &problems)
                case .latencyMilliseconds: latency = try readLatency(&cursor, index: index, problems: &problems)
                }
            }
            location = .between
            more = try cursor.nextMember()
        }

        for field in EventField.allCases where field.isRequired && seen & field.bit == 0 {
            problems.add(index: index, field: field.name, reason: "missing required field \"\(field.name)\"")
        }
        guard problems.totalCount == problemsBefore, let id, let timestamp, let features, let prediction else {
            return nil
        }
        return Event(
            id: id, timestampMilliseconds: timestamp, features: features, prediction: prediction, score: score,
            label: label, modelVersion: modelVersion, shadow: shadow, tags: tags, latencyMilliseconds: latency)
    }

    /// `latency_ms`: a number ≥ 0 (milliseconds the serving system took), or null for absent. The JSON
    /// reader already refuses literals beyond a double's range (`1e999`: 400); a negative latency is a
    /// 422 naming the line and field.
    private func readLatency(_ cursor: inout JSONCursor, index: Int, problems: inout ProblemList)
        throws(JSONSyntaxError) -> Double?
    {
        let token = try cursor.readScalar()
        switch token {
        case .number(let number):
            guard number.value.isFinite, number.value >= 0 else {
                problems.add(
                    index: index, field: "latency_ms",
                    reason: "latency_ms must be a finite number of milliseconds ≥ 0, not \(number.value)")
                return nil
            }
            return number.value == 0 ? 0 : number.value  // -0 is stored as 0
        case .null: return nil
        default:
            try cursor.reject(
                token, field: "latency_ms", expected: "a number of milliseconds ≥ 0", index: index,
                problems: &problems)
            return nil
        }
    }

    /// `score`: a number (its range is the validator's concern) or null for absent.
    private func readScore(_ cursor: inout JSONCursor, index: Int, problems: inout ProblemList) throws(JSONSyntaxError)
        -> Double?
    {
        let token = try cursor.readScalar()
        switch token {
        case .number(let number): return number.value
        case .null: return nil
        default:
            try cursor.reject(
                token, field: "score", expected: "a number between 0 and 1", index: index, problems: &problems)
            return nil
        }
    }

    /// `model_version`: a string of at most ``Limits/maxModelVersionBytes`` bytes, or null for absent.
    private mutating func readModelVersion(
        _ cursor: inout JSONCursor, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> String? {
        let token = try cursor.readScalar()
        switch token {
        case .string(let string):
            guard
                cursor.checkedLength(
                    string, field: "model_version", maxBytes: Limits.maxModelVersionBytes, index: index,
                    problems: &problems),
                cursor.checkedName(string, field: "model_version", index: index, problems: &problems)
            else { return nil }
            return modelVersions.string(slot: 0, token: string, in: cursor).string
        case .null: return nil
        default:
            try cursor.reject(token, field: "model_version", expected: "a string", index: index, problems: &problems)
            return nil
        }
    }
}
