import DriftCore
import DriftIngest
import Foundation
import Testing

@Suite struct LabelBatchParserTests {
    static func parse(_ body: String, _ format: BodyFormat = .json) throws(IngestError) -> [LabelRecord] {
        try LabelBatchParser().parse(Array(body.utf8), format: format)
    }

    @Test func readsEveryFraming() throws {
        let expected = [
            LabelRecord(id: "a", label: .number(1)), LabelRecord(id: "7", label: .string("cat")),
            LabelRecord(id: "c", label: .bool(false)),
        ]
        #expect(try Self.parse(#"[{"id":"a","label":1},{"label":"cat","id":7},{"id":"c","label":false}]"#) == expected)
        #expect(
            try Self.parse(#"{"labels":[{"id":"a","label":1},{"label":"cat","id":7},{"id":"c","label":false}]}"#)
                == expected)
        #expect(
            try Self.parse(
                "{\"id\":\"a\",\"label\":1}\r\n\n{\"label\":\"cat\",\"id\":7}\n{\"id\":\"c\",\"label\":false}", .ndjson)
                == expected)
    }

    @Test(arguments: [
        (#"[{"id":"a"}]"#, "label", "missing required field \"label\""),
        (#"[{"label":1}]"#, "id", "missing required field \"id\""),
        (#"[{"id":"a","label":null}]"#, "label", "found null"),
        (#"[{"id":"a","label":{"x":1}}]"#, "label", "found an object"),
        (#"[{"id":"a","label":1,"lable":2}]"#, "lable", "unknown field \"lable\" (did you mean \"label\"?)"),
        (#"[{"id":"","label":1}]"#, "id", "must not be empty"),
        (#"[{"id":1.5,"label":1}]"#, "id", "string or a whole number"),
    ])
    func refusesBadRecords(body: String, field: String, reason: String) throws {
        do {
            _ = try Self.parse(body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == .invalidLabel)
            #expect(error.status == 422)
            #expect(error.problems.first?.field == field)
            #expect(error.problems.first?.reason.contains(reason) == true, "\(error)")
        }
    }

    @Test("A duplicate key is malformed JSON: 400")
    func duplicateKey() throws {
        do {
            _ = try Self.parse(#"[{"id":"a","label":1,"label":2}]"#)
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.code == .malformedJSON && error.status == 400)
            #expect(error.problems.first?.field == "label")
            #expect(error.problems.first?.reason.contains("duplicate field \"label\"") == true)
        }
    }

    @Test func refusesMalformedJSONAndEventWrappers() throws {
        #expect(throws: IngestError.self) { try Self.parse(#"[{"id":"a","label":01}]"#) }
        do {
            _ = try Self.parse(#"{"events":[]}"#)
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.message.contains("{\"labels\": [...]}"))
        }
    }

    /// Random label batches agree with JSONSerialization.
    @Test func agreesWithFoundation() throws {
        var text = JSONText(seed: 5)
        for _ in 0..<200 {
            let count = text.int(1...20)
            var records: [String] = []
            for _ in 0..<count {
                let id =
                    text.chance(0.3) ? String(text.int(0...999_999)) : text.quoted(text.randomName(maxLength: 30))
                let label = text.pick([
                    text.number(), text.quoted(text.randomString(maxLength: 6, allowEmpty: true)), "true", "false",
                ])
                records.append(
                    text.chance(0.5) ? "{\"id\":\(id),\"label\":\(label)}" : "{\"label\":\(label), \"id\" : \(id)}")
            }
            let body = "[" + records.joined(separator: ",") + "]"
            let labels = try Self.parse(body)
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
            #expect(labels.count == objects.count)
            for (label, object) in zip(labels, objects) {
                #expect(FoundationOracle.difference(label.label, object["label"]!, nil) == nil, "\(label) vs \(object)")
                if let id = object["id"] as? String {
                    #expect(Array(id.utf8) == Array(label.id.utf8))
                } else {
                    #expect(Int64(label.id) == (object["id"] as? NSNumber)?.int64Value)
                }
            }
        }
    }
}
