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
        for type in ["application/json", "application/json; charset=UTF-8", " Application/JSON "] {
            #expect(Self.format(type, " \n[{}]") == .json, "\(String(describing: type))")
            #expect(Self.format(type, "{ \"events\": []}") == .json)
            #expect(Self.format(type, "{\"labels\":[]}") == .json)
            #expect(Self.format(type, "{\"id\":\"a\"}\n{\"id\":\"b\"}") == .ndjson)
            #expect(Self.format(type, "\u{FEFF}[]") == .json)
            #expect(Self.format(type, "") == .json)  // refused as empty either way
        }
    }

    /// Every type a web page may POST cross-site without a preflight (text/plain, forms), and no type at
    /// all, is refused, so a page cannot write into a server that runs without tokens.
    @Test func otherMediaTypesAreUnsupported() {
        for type in [
            nil, "", "text/plain", "text/plain; charset=utf-8", "application/octet-stream", "text/json",
            "application/vnd.api+json", "text/csv", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
        ] {
            #expect(Self.format(type, "[]") == nil, "\(type)")
        }
    }
}
