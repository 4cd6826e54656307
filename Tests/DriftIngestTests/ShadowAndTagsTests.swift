import DriftCore
import DriftIngest
import Testing

/// `shadow` and `tags` (API.md, "Slices") are read and validated like every other event field: a bad one is
/// a 422 naming the line and the field.
@Suite struct ShadowAndTagsTests {
    static func e(_ overrides: [String: String]) -> String { Rejection.event(overrides) }

    @Test func readsShadowAndTagsSortedByKey() throws {
        let body = "[" + Self.e(["shadow": "true", "tags": #"{"region":"eu","app":"ios","tier.x-1_":""}"#]) + ","
            + Self.e(["id": "\"e2\"", "shadow": "null", "tags": "null", "model_version": "\"v2\""]) + ","
            + Self.e(["id": "\"e3\""]) + "]"
        let events = try EventBatchParser().parse(Array(body.utf8), format: .json)
        #expect(events.map(\.shadow) == [true, false, false])
        #expect(events[0].tags.map(\.key) == ["app", "region", "tier.x-1_"])
        #expect(events[0].tag("region") == "eu" && events[0].tag("tier.x-1_") == "")
        #expect(events[1].tags.isEmpty && events[2].tags.isEmpty)
        #expect(events[1].modelVersion == "v2")
    }

    @Test(arguments: [
        ("shadow as a string", ["shadow": "\"yes\""], "shadow", "shadow must be a boolean, found a string"),
        ("shadow as a number", ["shadow": "1"], "shadow", "shadow must be a boolean, found a number"),
        ("tags as an array", ["tags": #"["eu"]"#], "tags", "tags must be an object"),
        ("tags as a string", ["tags": "\"eu\""], "tags", "tags must be an object"),
        ("a tag value as a number", ["tags": #"{"region":7}"#], "tags.region", "must be a string, found a number"),
        ("a tag value as null", ["tags": #"{"region":null}"#], "tags.region", "must be a string, found null"),
        ("a tag value as an object", ["tags": #"{"region":{}}"#], "tags.region", "found an object"),
        ("an upper-case tag key", ["tags": #"{"Region":"eu"}"#], "tags", "is not a tag name"),
        ("an empty tag key", ["tags": #"{"":"eu"}"#], "tags", "is not a tag name"),
        ("a tag key with a space", ["tags": #"{"my region":"eu"}"#], "tags", "is not a tag name"),
        ("a 65-byte tag key", ["tags": "{\"\(String(repeating: "k", count: 65))\":\"eu\"}"], "tags", "1 to 64"),
        ("a control character in a tag key", ["tags": #"{"re\u0001gion":"eu"}"#], "tags", "control character"),
        ("a control character in a tag value", ["tags": #"{"region":"e\u0000u"}"#], "tags.region", "control character"),
        (
            "a 257-byte tag value", ["tags": "{\"region\":\"\(String(repeating: "v", count: 257))\"}"], "tags.region",
            "257 bytes long; strings are limited to 256 bytes"
        ),
        (
            "17 tags", ["tags": "{" + (0..<17).map { "\"k\($0)\":\"v\"" }.joined(separator: ",") + "}"], "tags",
            "more than 16 tags"
        ),
        (
            "a 65-byte model_version", ["model_version": "\"\(String(repeating: "v", count: 65))\""], "model_version",
            "limited to 64 bytes"
        ),
    ])
    func refuses(name: String, overrides: [String: String], field: String, reason: String) throws {
        let body = "[" + Rejection.event() + "," + Self.e(overrides) + "]"
        let error = try #require(Rejection.of(body), "\(name) was accepted")
        #expect(error.code == .invalidEvent, "\(name): \(error)")
        #expect(error.status == 422)
        let problem = try #require(error.problems.first, "\(name)")
        #expect(problem.index == 1, "\(name)")
        #expect(problem.field == field, "\(name): \(error)")
        #expect(problem.reason.contains(reason), "\(name): \(problem.reason)")
    }

    @Test func exactlyTheLimitsAreAccepted() throws {
        let tags = "{" + (0..<16).map { "\"k\($0)\":\"\(String(repeating: "v", count: 256))\"" }.joined(separator: ",")
            + ",\"\(String(repeating: "k", count: 64))\":\"x\"}"
        // 17 entries: one too many; with 15 numbered keys plus the long one, exactly 16.
        #expect(Rejection.of("[" + Self.e(["tags": tags]) + "]") != nil)
        let sixteen = "{" + (0..<15).map { "\"k\($0)\":\"\(String(repeating: "v", count: 256))\"" }.joined(separator: ",")
            + ",\"\(String(repeating: "k", count: 64))\":\"x\"}"
        let body = "[" + Self.e(["tags": sixteen, "model_version": "\"\(String(repeating: "v", count: 64))\""]) + "]"
        let events = try EventBatchParser().parse(Array(body.utf8), format: .json)
        #expect(events.first?.tags.count == 16)
    }

    @Test func aRepeatedTagIsMalformedJSON() throws {
        let error = try #require(Rejection.of("[" + Self.e(["tags": #"{"region":"eu","region":"us"}"#]) + "]"))
        #expect(error.code == .malformedJSON)
        #expect(error.problems.first?.field == "tags.region")
    }
}
