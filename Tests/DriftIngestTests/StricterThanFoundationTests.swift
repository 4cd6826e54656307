import DriftCore
import DriftIngest
import Foundation
import Testing

/// Where `JSONSerialization` is lenient and the parser is not, on purpose: each of these bodies
/// Foundation accepts, and the parser refuses, because accepting it would store something the
/// client may not have meant.
@Suite struct StricterThanFoundationTests {
    static func e(_ overrides: [String: String] = [:]) -> String { Rejection.event(overrides) }

    @Test(arguments: [
        // RFC 8259 has no trailing commas; Foundation drops them.
        ("trailing comma in the array", "[" + e() + ",]"),
        ("trailing comma in features", "[" + e(["features": #"{"a":1,}"#]) + "]"),
        // Foundation keeps the last of duplicate names; which one the client meant is unknowable.
        ("duplicate feature", "[" + e(["features": #"{"a":1,"a":2}"#]) + "]"),
        ("duplicate id", #"[{"id":"a","id":"b","timestamp":0,"features":{},"prediction":1}]"#),
        // Limits Foundation does not have.
        (
            "nesting deeper than 16",
            "[" + e(["label": String(repeating: "[", count: 17) + String(repeating: "]", count: 17)]) + "]"
        ),
        ("a 5000-byte string", "[" + e(["features": "{\"c\":\"" + String(repeating: "x", count: 5000) + "\"}"]) + "]"),
    ])
    func refusesWhatFoundationAccepts(name: String, body: String) throws {
        #expect(
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) != nil, "Foundation refuses \(name) after all")
        #expect(Rejection.of(body) != nil)
    }
}
