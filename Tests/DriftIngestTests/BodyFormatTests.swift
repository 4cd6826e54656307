import DriftIngest
import Testing

@Suite struct BodyFormatTests {
    static func format(_ contentType: String?, _ body: String) -> BodyFormat? {
        BodyFormat(contentType: contentType, body: Array(body.utf8))
    }

    @Test func contentTypeDecidesNDJSON() {
        for type in [
            "application/x-ndjson", "application/ndjson", "Application/X-NDJSON; charset=utf-8", "application/jsonl",
            "application/x-jsonlines", " application/jsonlines ",
        ] {
            #expect(Self.format(type, "[1]") == .ndjson, "\(type)")
        }
    }

    @Test func bodyDecidesOtherwise() {
        for type in [
            nil, "", "application/json", "application/json; charset=UTF-8", "text/plain", "application/vnd.api+json",
            "application/octet-stream", "text/json",
        ] {
            #expect(Self.format(type, " \n[{}]") == .json, "\(String(describing: type))")
            #expect(Self.format(type, "{ \"events\": []}") == .json)
            #expect(Self.format(type, "{\"labels\":[]}") == .json)
            #expect(Self.format(type, "{\"id\":\"a\"}\n{\"id\":\"b\"}") == .ndjson)
            #expect(Self.format(type, "\u{FEFF}[]") == .json)
            #expect(Self.format(type, "") == .json)  // refused as empty either way
        }
    }

    @Test func otherMediaTypesAreUnsupported() {
        for type in [
            "text/csv", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        ] {
            #expect(Self.format(type, "[]") == nil, "\(type)")
        }
    }
}
