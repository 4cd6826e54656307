import DriftCore
import DriftIngest
import Testing

@Suite struct EventValidatorTests {
    static let schema = ModelSchema(
        features: [
            .init(name: "age", type: .numeric), .init(name: "income", type: .numeric),
            .init(name: "city", type: .categorical),
        ],
        task: .binary, positiveLabel: "1")
    static let now: Int64 = 1_767_574_800_000

    static func event(
        _ id: String, _ features: [(String, ScalarValue)], timestamp: Int64 = now, score: Double? = nil,
        prediction: ScalarValue = .number(1), label: ScalarValue? = nil
    ) -> Event {
        Event(
            id: id, timestampMilliseconds: timestamp, features: features.map { Event.Feature(name: $0.0, value: $0.1) },
            prediction: prediction, score: score, label: label)
    }

    @Test func acceptsEveryAllowedType() {
        let events = [
            Self.event("a", [("age", .number(40)), ("income", .bool(true)), ("city", .string("Lyon"))]),
            Self.event("b", [("age", .null), ("city", .number(75))]),  // numeric code as a category
            Self.event("c", [("city", .bool(false)), ("age", .number(-1))], score: 0),
        ]
        let result = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(result.isValid)
        #expect(result.error == nil)
        #expect(result.missingFeatureCounts == [0, 2, 1])  // null counts as missing
        #expect(result.unexpectedFeatures.isEmpty)
        #expect(result.duplicateIndices.isEmpty)
    }

    @Test func refusesStringsForNumericFeatures() throws {
        let events = [Self.event("a", [("age", .string("42"))]), Self.event("b", [("income", .number(1))])]
        let result = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(
            result.problems == [
                LineProblem(
                    index: 0, field: "features.age",
                    reason: "\"age\" is a numeric feature; send a number or null, not the string \"42\"")
            ])
        let error = try #require(result.error)
        #expect(error.code == .invalidEvent)
        #expect(error.status == 422)
        #expect(error.message.hasPrefix("1 of 2 events does not fit the model"))
    }

    @Test func refusesFutureTimestampsAndScoresOutOfRange() {
        var limits = Limits()
        limits.maxFutureMilliseconds = 3_600_000
        let events = [
            Self.event("a", [], timestamp: Self.now + 3_600_000),  // exactly at the limit: accepted
            Self.event("b", [], timestamp: Self.now + 3_600_001),
            Self.event("c", [], score: 1.5),
            Self.event("d", [], score: -0.1),
            Self.event("e", [], score: .nan),
            Self.event("f", [], timestamp: .max, score: 1),
        ]
        let result = EventValidator(schema: Self.schema, limits: limits).validate(events, nowMilliseconds: Self.now)
        #expect(result.problems.map(\.index) == [1, 2, 3, 4, 5])
        #expect(result.problems.map(\.field) == ["timestamp", "score", "score", "score", "timestamp"])
        #expect(result.problems[0].reason.contains("in the future; at most 1 h ahead is accepted"))
        #expect(result.invalidEventCount == 5)
    }

    @Test func repeatedIdsAreDuplicatesNotErrors() {
        let events = [Self.event("a", []), Self.event("b", []), Self.event("a", []), Self.event("a", [])]
        let result = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(result.isValid)
        #expect(result.duplicateIndices == [2, 3])
    }

    @Test func reportsUnexpectedFeaturesOnceSorted() {
        let events = [
            Self.event("a", [("zip", .string("1")), ("age", .number(1)), ("extra", .null)]),
            Self.event("b", [("extra", .number(2)), ("age", .number(1))]),
        ]
        let result = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(result.isValid)
        #expect(result.unexpectedFeatures == ["extra", "zip"])
        #expect(result.missingFeatureCounts == [2, 2])
    }

    @Test func regressionNeedsNumericPredictionsAndLabels() {
        let schema = ModelSchema(features: [], task: .regression, positiveLabel: nil)
        let events = [
            Self.event("a", [], prediction: .number(2.5), label: .number(3)),
            Self.event("b", [], prediction: .string("high")),
            Self.event("c", [], label: .string("3")),
        ]
        let result = EventValidator(schema: schema).validate(events, nowMilliseconds: Self.now)
        #expect(result.problems.map(\.index) == [1, 2])
        #expect(result.problems.map(\.field) == ["prediction", "label"])
        // Classification takes any value as a class.
        let binary = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(binary.isValid)
    }

    @Test func capsProblems() {
        let events = (0..<150).map { Self.event("e\($0)", [("age", .string("x"))]) }
        let result = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(result.problems.count == 100)
        #expect(result.omittedProblemCount == 50)
        #expect(result.invalidEventCount == 150)
    }

    /// Parser and validator together, as the server runs them.
    @Test func parsesThenValidates() throws {
        let body = """
            {"id":"a","timestamp":"2026-01-05T01:00:00Z","features":{"age":41,"city":"Lyon"},"prediction":1,"score":0.9}
            {"id":"a","timestamp":1767574800,"features":{"age":"41","zip":"69001"},"prediction":0,"score":1.1}
            """
        let events = try EventBatchParser().parse(Array(body.utf8), format: .ndjson)
        let result = EventValidator(schema: Self.schema).validate(events, nowMilliseconds: Self.now)
        #expect(result.duplicateIndices == [1])
        #expect(result.problems.map(\.field) == ["score", "features.age"])
        #expect(result.unexpectedFeatures == ["zip"])
        #expect(result.missingFeatureCounts == [1, 2])  // a wrongly typed value is present, not missing
    }
}
