import DriftCore
import DriftIngest
import Testing

/// Every class of bad input is refused with a 400-class error naming the event, the field and
/// the reason — never a crash, never a silent drop.
@Suite struct MalformedInputTests {
    /// One bad event, expected to be refused at index 0 with this code, field and reason.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var body: [UInt8]
        var code: IngestError.Code
        var field: String?
        var reason: String

        init(_ name: String, _ event: String, _ code: IngestError.Code, _ field: String?, _ reason: String) {
            self.init(name, Array(event.utf8), code, field, reason)
        }

        init(_ name: String, _ event: [UInt8], _ code: IngestError.Code, _ field: String?, _ reason: String) {
            self.name = name
            body = event
            self.code = code
            self.field = field
            self.reason = reason
        }

        var testDescription: String { name }
    }

    static func e(_ overrides: [String: String] = [:], removing removed: Set<String> = []) -> String {
        Rejection.event(overrides, removing: removed)
    }
    static func bytes(_ before: String, _ raw: [UInt8], _ after: String) -> [UInt8] {
        Array(before.utf8) + raw + Array(after.utf8)
    }

    static let cases: [Case] = [
        // UTF-8 (RFC 3629), inside strings and out.
        Case(
            "invalid UTF-8 in an id",
            bytes(#"{"id":"a"#, [0xC3, 0x28], #"","timestamp":0,"features":{},"prediction":1}"#),
            .malformedJSON, "id", "invalid UTF-8"),
        Case(
            "overlong UTF-8", bytes(#"{"id":"a"#, [0xC0, 0xAF], #"","timestamp":0,"features":{},"prediction":1}"#),
            .malformedJSON, "id", "invalid UTF-8"),
        Case(
            "UTF-8-encoded surrogate",
            bytes(#"{"id":"a","timestamp":0,"features":{"c":""#, [0xED, 0xA0, 0x80], #""},"prediction":1}"#),
            .malformedJSON, "features.c", "invalid UTF-8"),
        Case(
            "UTF-8 above U+10FFFF",
            bytes(#"{"id":"a","timestamp":0,"features":{},"prediction":""#, [0xF4, 0x90, 0x80, 0x80], #""}"#),
            .malformedJSON, "prediction", "invalid UTF-8"),
        Case(
            "truncated UTF-8 before the quote",
            bytes(#"{"id":"a"#, [0xE2, 0x82], #"","timestamp":0,"features":{},"prediction":1}"#),
            .malformedJSON, "id", "invalid UTF-8"),
        Case(
            "invalid UTF-8 in a member name",
            bytes(#"{"id":"a","timestamp":0,"features":{""#, [0xFF], #"":1},"prediction":1}"#),
            .malformedJSON, "features", "invalid UTF-8"),
        Case(
            "invalid byte between members",
            bytes(#"{"id":"a","#, [0xFF], #""timestamp":0,"features":{},"prediction":1}"#),
            .malformedJSON, nil, "found byte 0xFF"),
        // Numbers (RFC 8259 §6).
        Case("NaN", e(["features": #"{"x":NaN}"#]), .malformedJSON, "features.x", "NaN is not a JSON number"),
        Case("Infinity", e(["score": "Infinity"]), .malformedJSON, "score", "Infinity is not a JSON number"),
        Case(
            "-Infinity", e(["features": #"{"x":-Infinity}"#]), .malformedJSON, "features.x",
            "Infinity is not a JSON number"),
        Case("overflowing number", e(["features": #"{"x":1e999}"#]), .malformedJSON, "features.x", "out of range"),
        Case(
            "overflowing negative number", e(["prediction": "-1.8e308"]), .malformedJSON, "prediction", "out of range"),
        Case("leading zero", e(["features": #"{"x":01}"#]), .malformedJSON, "features.x", "leading zeros"),
        Case("negative leading zero", e(["features": #"{"x":-007}"#]), .malformedJSON, "features.x", "leading zeros"),
        Case("plus sign", e(["features": #"{"x":+1}"#]), .malformedJSON, "features.x", "starts with '-' or a digit"),
        Case(
            "bare fraction", e(["features": #"{"x":.5}"#]), .malformedJSON, "features.x", "starts with '-' or a digit"),
        Case(
            "trailing point", e(["features": #"{"x":1.}"#]), .malformedJSON, "features.x",
            "decimal point must be followed"),
        Case(
            "empty exponent", e(["features": #"{"x":1e}"#]), .malformedJSON, "features.x", "exponent must have digits"),
        Case(
            "lone minus", e(["features": #"{"x":-}"#]), .malformedJSON, "features.x", "'-' must be followed by a digit"),
        Case("hex number", e(["features": #"{"x":0x10}"#]), .malformedJSON, "features.x", "invalid number"),
        Case("two points", e(["features": #"{"x":1.5.2}"#]), .malformedJSON, "features.x", "invalid number"),
        // Literals and quotes.
        Case("truncated literal", e(["features": #"{"x":tru}"#]), .malformedJSON, "features.x", "expected a value"),
        Case("capitalised literal", e(["features": #"{"x":True}"#]), .malformedJSON, "features.x", "expected a value"),
        Case("literal run-on", e(["features": #"{"x":truex}"#]), .malformedJSON, "features.x", "invalid literal"),
        Case("single quotes", e(["features": #"{"x":'a'}"#]), .malformedJSON, "features.x", "double quotes"),
        Case(
            "unquoted name", #"{"id":"a",timestamp:0,"features":{},"prediction":1}"#, .malformedJSON, nil,
            "member name in double quotes"),
        // Commas and structure.
        Case(
            "trailing comma in an event", #"{"id":"a","timestamp":0,"features":{},"prediction":1,}"#, .malformedJSON,
            nil,
            "trailing comma"),
        Case("trailing comma in features", e(["features": #"{"x":1,}"#]), .malformedJSON, "features", "trailing comma"),
        Case(
            "missing comma", #"{"id":"a" "timestamp":0,"features":{},"prediction":1}"#, .malformedJSON, nil,
            "expected ',' or '}'"),
        Case(
            "missing colon", #"{"id" "a","timestamp":0,"features":{},"prediction":1}"#, .malformedJSON, nil,
            "expected ':'"),
        Case(
            "string missing its closing quote", #"{"id":"a,"timestamp":0,"features":{},"prediction":1}"#,
            .malformedJSON, nil,
            "expected ',' or '}' after a member, found 't'"),
        Case(
            "unterminated string", #"{"timestamp":0,"features":{},"prediction":1,"id":"abc"#, .malformedJSON, "id",
            "unterminated string"),
        // Strings (RFC 8259 §7).
        Case(
            "raw control character", bytes(#"{"id":"a"#, [0x01], #"b","timestamp":0,"features":{},"prediction":1}"#),
            .malformedJSON, "id", "unescaped control character U+0001"),
        Case(
            "raw line feed in a string", e(["features": "{\"c\":\"a\nb\"}"]), .malformedJSON, "features.c",
            "unescaped control character U+000A"),
        Case("unknown escape", e(["features": #"{"c":"a\x"}"#]), .malformedJSON, "features.c", "invalid escape '\\x'"),
        Case("short \\u escape", e(["features": #"{"c":"\u12"}"#]), .malformedJSON, "features.c", "four hex digits"),
        Case(
            "non-hex \\u escape", e(["features": #"{"c":"\u12G4"}"#]), .malformedJSON, "features.c", "four hex digits"),
        Case(
            "lone high surrogate", e(["features": #"{"c":"\uD800"}"#]), .malformedJSON, "features.c",
            "lone UTF-16 surrogate \\uD800"),
        Case(
            "high surrogate then text", e(["features": #"{"c":"\uD83Dx"}"#]), .malformedJSON, "features.c",
            "lone UTF-16 surrogate"),
        Case(
            "high surrogate then non-surrogate", e(["id": #""\uD800\u0041""#]), .malformedJSON, "id",
            "lone UTF-16 surrogate"),
        Case(
            "lone low surrogate", e(["prediction": #""\uDC00""#]), .malformedJSON, "prediction",
            "lone UTF-16 surrogate \\uDC00"),
        // Nesting.
        Case(
            "nesting deeper than the limit",
            e(["features": "{\"x\":" + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "}"]),
            .malformedJSON, "features.x", "nesting deeper than 16 levels"),
        // Content (valid JSON, wrong event): 422.
        Case(
            "typo in a field name", e(["feature": "{}"], removing: ["features"]), .invalidEvent, "feature",
            "unknown field \"feature\" (did you mean \"features\"?)"),
        Case(
            "camelCase field name", e(["modelVersion": "\"v1\""]), .invalidEvent, "modelVersion",
            "did you mean \"model_version\"?"),
        Case(
            "unrelated field", e(["extra": "[1,{\"a\":2}]"]), .invalidEvent, "extra",
            "unknown field \"extra\"; an event has only"),
        // Duplicate names make the JSON ambiguous (RFC 8259 §4): malformed, 400.
        Case(
            "duplicate field", #"{"id":"a","id":"b","timestamp":0,"features":{},"prediction":1}"#, .malformedJSON, "id",
            "duplicate field \"id\""),
        Case(
            "duplicate feature", e(["features": #"{"x":1,"y":2,"x":3}"#]), .malformedJSON, "features.x",
            "duplicate feature \"x\""),
        Case(
            "duplicate feature via escapes", e(["features": #"{"x":1,"\u0078":2}"#]), .malformedJSON, "features.x",
            "duplicate feature"),
        Case("missing id", e(removing: ["id"]), .invalidEvent, "id", "missing required field \"id\""),
        Case("missing timestamp", e(removing: ["timestamp"]), .invalidEvent, "timestamp", "missing required field"),
        Case("missing features", e(removing: ["features"]), .invalidEvent, "features", "missing required field"),
        Case("missing prediction", e(removing: ["prediction"]), .invalidEvent, "prediction", "missing required field"),
        Case("empty id", e(["id": "\"\""]), .invalidEvent, "id", "must not be empty"),
        Case("boolean id", e(["id": "true"]), .invalidEvent, "id", "id must be a string, found a boolean"),
        Case("fractional id", e(["id": "1.5"]), .invalidEvent, "id", "string or a whole number"),
        Case("features as an array", e(["features": "[1,2]"]), .invalidEvent, "features", "must be an object"),
        Case(
            "feature as an object", e(["features": #"{"x":{"a":1,"a":2}}"#]), .invalidEvent, "features.x",
            "a number, a string, a boolean or null, found an object"),
        Case("empty feature name", e(["features": #"{"":1}"#]), .invalidEvent, "features", "must not be empty"),
        Case("null prediction", e(["prediction": "null"]), .invalidEvent, "prediction", "found null"),
        Case(
            "score as a string", e(["score": "\"0.5\""]), .invalidEvent, "score",
            "must be a number between 0 and 1, found a string"),
        Case(
            "model_version as a number", e(["model_version": "2"]), .invalidEvent, "model_version", "must be a string"),
        Case("label as an array", e(["label": "[1]"]), .invalidEvent, "label", "found an array"),
        Case(
            "timestamp without offset", e(["timestamp": "\"2026-01-05T01:00:00\""]), .invalidEvent, "timestamp",
            "no time-zone offset"),
        Case("timestamp as a date", e(["timestamp": "\"2026-01-05\""]), .invalidEvent, "timestamp", "date but no time"),
        Case(
            "timestamp on February 30th", e(["timestamp": "\"2026-02-30T00:00:00Z\""]), .invalidEvent, "timestamp",
            "day 30 does not exist"),
        Case(
            "timestamp in milliseconds", e(["timestamp": "1767574800000"]), .invalidEvent, "timestamp",
            "if this is milliseconds"),
        Case("negative timestamp", e(["timestamp": "-1"]), .invalidEvent, "timestamp", "must not be negative"),
        Case("timestamp as a boolean", e(["timestamp": "true"]), .invalidEvent, "timestamp", "found a boolean"),
        Case("event as a number", "7", .invalidEvent, nil, "each event must be a JSON object, found a number"),
    ]

    @Test(arguments: cases)
    func refusesWithFieldAndReason(_ example: Case) throws {
        let error = try #require(
            Rejection.ofEvent(example.body), "accepted: \(String(decoding: example.body, as: UTF8.self))")
        #expect(error.code == example.code)
        #expect(error.status == (example.code == .malformedJSON ? 400 : 422))
        let problem = try #require(error.problems.first, "\(error)")
        #expect(problem.index == 0)
        #expect(problem.field == example.field, "\(error)")
        #expect(problem.reason.contains(example.reason), "\(problem.reason)")
    }

    /// The same bad event as an NDJSON line: same field and reason, after a good line.
    @Test(arguments: cases)
    func refusesNDJSONLines(_ example: Case) throws {
        guard !example.body.contains(0x0A) else { return }
        let body = Array((Rejection.event() + "\n").utf8) + example.body + [0x0A]
        let error = try #require(Rejection.of(body, format: .ndjson))
        let problem = try #require(error.problems.first)
        #expect(problem.index == 1)
        #expect(problem.field == example.field, "\(error)")
        #expect(problem.reason.contains(example.reason), "\(problem.reason)")
    }

    // MARK: Whole-body errors

    @Test(arguments: [
        ("", "The body is empty"), ("  \n\t ", "The body is empty"), ("\"events\"", "must be an array of events"),
        ("42", "must be an array of events"), ("[", "unexpected end of input"),
        ("[" + e() + "", "unexpected end of input"),
        ("[" + e() + "] x", "after the end of the JSON text"), ("[" + e() + "][]", "after the end of the JSON text"),
        ("[" + e() + ",]", "trailing comma before ']'"), ("[" + e() + " " + e() + "]", "expected ',' or ']'"),
        ("{\"events\":[],\"events\":[]}", "duplicate member \"events\""),
        ("{\"event\":[]}", "unknown member \"event\""),
        ("{\"events\":{}}", "\"events\" must be an array"), ("{}", "empty object"),
        ("{\"events\":[]", "unexpected end of input"),
    ])
    func refusesTheWholeBody(body: String, reason: String) throws {
        let error = try #require(Rejection.of(body))
        #expect(error.code == .malformedJSON)
        #expect(error.status == 400)
        #expect(error.problems.isEmpty)
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test func wholeBodyErrorsGiveTheOffset() throws {
        let error = try #require(Rejection.of("[" + Self.e() + "]  x"))
        #expect(error.byteOffset == Self.e().utf8.count + 4)
    }

    // MARK: Limits

    @Test func limitsStringsIdsAndFeatureCounts() throws {
        var limits = Limits()
        limits.maxStringBytes = 8
        limits.maxNameBytes = 8
        limits.maxIdLength = 4
        limits.maxFeatures = 2
        let long = Rejection.ofEvent(Array(Self.e(["features": #"{"c":"123456789"}"#]).utf8), limits: limits)
        #expect(long?.problems.first?.field == "features.c")
        #expect(long?.problems.first?.reason.contains("9 bytes long; strings are limited to 8 bytes") == true)
        #expect(long?.status == 422)
        // The limit is on decoded bytes: eight escapes of one byte each fit.
        #expect(
            Rejection.ofEvent(Array(Self.e(["features": #"{"c":"\n\n\n\n\n\n\n\n"}"#]).utf8), limits: limits) == nil)
        let name = Rejection.ofEvent(Array(Self.e(["features": #"{"abcdefghi":1}"#]).utf8), limits: limits)
        #expect(name?.problems.first?.field == "features.abcdefghi")
        let id = Rejection.ofEvent(Array(Self.e(["id": #""ééééé""#]).utf8), limits: limits)
        #expect(id?.problems.first?.reason == "id has 5 characters; at most 4 are allowed")
        #expect(Rejection.ofEvent(Array(Self.e(["id": #""éééé""#]).utf8), limits: limits) == nil)
        let many = Rejection.ofEvent(Array(Self.e(["features": #"{"a":1,"b":2,"c":3}"#]).utf8), limits: limits)
        #expect(many?.problems.first?.reason == "more than 2 features in one event")
    }

    @Test(arguments: [BodyFormat.json, .ndjson])
    func limitsTheBatchSize(format: BodyFormat) throws {
        var limits = Limits()
        limits.maxBatchSize = 2
        let events = [Self.e(), Self.e(), Self.e()]
        let body = format == .json ? "[" + events.joined(separator: ",") + "]" : events.joined(separator: "\n")
        let error = try #require(Rejection.of(body, format: format, limits: limits))
        #expect(error.code == .batchTooLarge)
        #expect(error.status == 413)
        let two =
            format == .json
            ? "[" + events.dropLast().joined(separator: ",") + "]" : events.dropLast().joined(separator: "\n")
        #expect(Rejection.of(two, format: format, limits: limits) == nil)
    }

    @Test func limitsTheBodySize() throws {
        var limits = Limits()
        limits.maxBodyBytes = 10
        let error = try #require(Rejection.of("[" + Self.e() + "]", limits: limits))
        #expect(error.code == .bodyTooLarge)
        #expect(error.status == 413)
    }

    @Test func limitsTheDepthAsConfigured() throws {
        var limits = Limits()
        limits.maxDepth = 3
        #expect(Rejection.of("[" + Self.e() + "]", limits: limits) == nil)
        let error = try #require(Rejection.of("[" + Self.e(["features": #"{"x":[1]}"#]) + "]", limits: limits))
        #expect(error.problems.first?.reason.contains("nesting deeper than 3 levels") == true)
        // Deep nesting is refused without recursion, at any depth.
        let deep = "[" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
        #expect(Rejection.of(deep)?.problems.first?.reason.contains("nesting deeper than 16 levels") == true)
    }

    // MARK: Reporting every bad line

    @Test func reportsEveryBadLineInOrder() throws {
        let lines = [
            Self.e(), Self.e(["score": "\"x\""]), Self.e(), "{\"id\":",
            Self.e(["timestamp": "\"yesterday\""], removing: ["prediction"]),
        ]
        let error = try #require(Rejection.of(lines.joined(separator: "\n"), format: .ndjson))
        #expect(error.problems.map(\.index) == [1, 3, 4, 4])
        #expect(error.problems.map(\.field) == ["score", "id", "timestamp", "prediction"])
        #expect(error.problems[1].reason.hasPrefix("line 4: "))
        #expect(error.code == .malformedJSON)  // one line is not JSON at all
        #expect(error.message.hasPrefix("3 of 5 events are invalid"))
    }

    @Test func syntaxErrorsOutsideEventsNameNoField() throws {
        let body = "{\"id\":\"a\",\"timestamp\":0,\"features\":{\"x\":01},\"prediction\":1}\n[01]\n" + Self.e() + " x"
        let error = try #require(Rejection.of(body, format: .ndjson))
        #expect(error.problems.map(\.index) == [0, 1, 2])
        #expect(error.problems.map(\.field) == ["features.x", nil, nil])
    }

    @Test func reportsContentProblemsOfAJSONArrayThenStopsAtBrokenJSON() throws {
        let body =
            "["
            + [Self.e(["score": "\"x\""]), Self.e(), Self.e(["features": "{\"x\":01}"]), Self.e(["score": "\"y\""])]
            .joined(separator: ",") + "]"
        let error = try #require(Rejection.of(body))
        #expect(error.problems.map(\.index) == [0, 2])
        #expect(error.status == 400)
        #expect(error.message.contains("the rest of the body was not read"))
    }

    @Test func contentProblemsAloneAre422() throws {
        let body = "[" + [Self.e(["score": "\"x\""]), Self.e(), Self.e(["id": "false"])].joined(separator: ",") + "]"
        let error = try #require(Rejection.of(body))
        #expect(error.code == .invalidEvent)
        #expect(error.status == 422)
        #expect(error.problems.map(\.index) == [0, 2])
        #expect(error.message.hasPrefix("2 of 3 events are invalid; nothing was stored"))
    }

    @Test func capsTheListAndCountsTheRest() throws {
        let body = (0..<150).map { _ in Self.e(["prediction": "null"]) }.joined(separator: "\n")
        let error = try #require(Rejection.of(body, format: .ndjson))
        #expect(error.problems.count == IngestError.maxReportedProblems)
        #expect(error.omittedProblemCount == 50)
        #expect(error.message.contains("Only the first 100 of 150 problems are listed"))
    }

    // MARK: Accepted edge cases

    @Test func acceptsAByteOrderMarkAndKeepsU_FEFFInsideStrings() throws {
        let body: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array("[{\"id\":\"\u{FEFF}a\",\"timestamp\":0,\"features\":{\"c\":\"\u{FEFF}\"},\"prediction\":1}]".utf8)
        let event = try #require(try EventBatchParser().parse(body, format: .json).first)
        // JSONSerialization drops a U+FEFF that starts a string; it is data, and is kept.
        #expect(Array(event.id.unicodeScalars) == ["\u{FEFF}", "a"])
        #expect(event.features.first?.value == .string("\u{FEFF}"))
    }

    @Test func acceptsUnderflowAsSignedZeroLikeStrtod() throws {
        let event = try #require(
            try EventBatchParser().parse(
                Array("[\(Self.e(["features": #"{"a":1e-400,"b":-1e-400}"#]))]".utf8), format: .json
            ).first)
        #expect(event.features.map(\.value) == [.number(0), .number(-0.0)])
        if case .number(let value) = event.features[1].value { #expect(value.sign == .minus) }
    }

    @Test func acceptsEscapedNamesAndNullOptionals() throws {
        let body =
            #"[{"\u0069d":"a","timestamp":1.5,"features":{"\u00e9t\u00E9":"\ud83d\ude00\/"},"prediction":true,"score":null,"label":null,"model_version":null}]"#
        let event = try #require(try EventBatchParser().parse(Array(body.utf8), format: .json).first)
        #expect(
            event
                == Event(
                    id: "a", timestampMilliseconds: 1500, features: [.init(name: "été", value: .string("😀/"))],
                    prediction: .bool(true)))
    }

    @Test func integerIdsStandForTheirDigits() throws {
        let events = try EventBatchParser().parse(
            Array("[\(Self.e(["id": "42"])),\(Self.e(["id": "-7"]))]".utf8), format: .json)
        #expect(events.map(\.id) == ["42", "-7"])
    }

    @Test func emptyArraysAreEmptyBatches() throws {
        #expect(try EventBatchParser().parse(Array("[]".utf8), format: .json).isEmpty)
        #expect(try EventBatchParser().parse(Array(" {\"events\" : [ ] } ".utf8), format: .json).isEmpty)
    }
}
