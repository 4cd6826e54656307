import DriftServer
import DriftStats
import Foundation
import HTTPTypes

/// One generated request.
struct HostileRequest {
    var method: HTTPRequest.Method
    var uri: String
    var headers: HTTPFields
    var body: [UInt8]
    /// Whether the route writes (a rejection must then leave the store unchanged).
    var writes: Bool
}

/// Hostile requests for every route: each picks a route, a method, a model path segment, query values,
/// headers and a body from pools of values at and beyond every limit, at random.
struct HostileRequestGenerator {
    static let modelSegments = [
        "fraud", "fraud", "nope", "%00", "a%00b", "FRAUD", String(repeating: "m", count: 300), "..%2F..", "%FF%FE",
        "fr%C3%A4ud", "-x", "a%20b", "%0D%0AX-Injected:1",
    ]
    static let queryValues = [
        "9.3e15", "-9.3e15", "0x1p70", "1e400", "-1e400", "nan", "inf", "-0", "99999999999999999999999", "%00",
        "2026-01-05T00:00:00Z", "9999-12-31T23:59:59Z", "0000-00-00T00:00:00Z", "1767571200", "", "%FF",
        String(repeating: "9", count: 5_000), "%5B%5D", "%7B%7D", "1.5e308", "5e-324", "2", "1001",
    ]
    static let queryNames = ["from", "to", "limit", "after", "model", "state"]
    static let contentTypes: [String?] = [
        nil, "application/json", "application/json", "application/x-ndjson", "text/csv", "text/plain",
        "application/x-www-form-urlencoded", "application/json; charset=utf-16", "*/*", "application/json, text/plain",
    ]
    static let encodings: [String?] = [nil, nil, nil, "gzip", "br", "identity", "gzip, deflate", "GZIP"]

    /// Hostile JSON values for any field.
    static let values = [
        "1e999", "-1e999", "123456789012345678901234567890", "-0", "1e-400", "0.1e308", "1.7976931348623157e308",
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\t\\n\"", "\"\u{7f}\"", "null", "true", "[]", "{}",
        "\"" + String(repeating: "z", count: 5_000) + "\"", "\"2026-01-05T00:10:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"0001-01-01T00:00:00Z\"", "1e30", "1767571800", "-1", "\"\"", "0.5",
    ]

    private var counter = 0

    mutating func next(_ random: inout SplitMix64) -> HostileRequest {
        counter += 1
        let route = APIRoute.allCases[Int(random.next() % UInt64(APIRoute.allCases.count))]
        // Most requests are well addressed, so that their hostile part reaches the parsers behind the router.
        let wellAddressed = random.next() % 10 < 6
        let methods: [HTTPRequest.Method] = [route.method, .get, .post, .put, .delete, .patch]
        let method = wellAddressed ? route.method : pick(methods, &random)
        let segment = wellAddressed ? "fraud" : pick(Self.modelSegments, &random)
        var uri = route.path.replacingOccurrences(of: ":model", with: segment)
        if random.next() % 2 == 0 {
            let pairs = (0..<Int(1 + random.next() % 3)).map { _ in
                "\(pick(Self.queryNames, &random))=\(pick(Self.queryValues, &random))"
            }
            uri += "?" + pairs.joined(separator: "&")
        }
        var headers: HTTPFields = [:]
        if wellAddressed, random.next() % 2 == 0 {
            headers[.contentType] = route == .putReference ? "text/csv" : "application/json"
        } else if let type = pick(Self.contentTypes, &random) {
            headers[.contentType] = type
        }
        if let encoding = pick(Self.encodings, &random) { headers[.contentEncoding] = encoding }
        if random.next() % 10 == 0 { headers.append(HTTPField(name: .contentType, value: "text/plain")) }
        let body: [UInt8]
        switch route {
        case .postEvents: body = eventsBody(&random)
        case .postLabels: body = labelsBody(&random)
        case .putReference: body = referenceBody(&random)
        default: body = random.next() % 4 == 0 ? eventsBody(&random) : []
        }
        let writes = [.postEvents, .postLabels, .putReference].contains(route) || method != .get
        return HostileRequest(method: method, uri: uri, headers: headers, body: body, writes: writes)
    }

    private func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }

    /// A batch of events mixing valid ones and ones with a hostile field, or a damaged body.
    private mutating func eventsBody(_ random: inout SplitMix64) -> [UInt8] {
        switch random.next() % 8 {
        case 0: return Array(String(repeating: "[", count: 5_000).utf8)
        case 1: return [0xFF, 0xFE, 0x00, 0x5B, 0x5D]
        case 2: return Array(("[" + String(repeating: "{\"id\":1},", count: 2_000) + "{}]").utf8)
        default:
            let count = Int(1 + random.next() % 4)
            let events = (0..<count).map { index -> String in
                var fields: [String: String] = [
                    "id": "\"fz-\(counter)-\(index)\"", "timestamp": "\"2026-01-05T00:10:00Z\"",
                    "features": "{\"amount\":12.5,\"age\":33,\"channel\":\"web\"}", "prediction": "1", "score": "0.5",
                ]
                if random.next() % 2 == 0 {
                    let field = pick(["id", "timestamp", "prediction", "score", "label", "model_version", "features"], &random)
                    let value = pick(Self.values, &random)
                    fields[field] = field == "features" ? "{\(value):1,\"amount\":\(value)}" : value
                }
                if random.next() % 5 == 0 {
                    let key = pick(["\"am\\u0000ount\"", "\"" + String(repeating: "k", count: 400) + "\"", "\"\\u007f\""], &random)
                    fields["features"] = "{\(key):1}"
                }
                return "{" + fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
            }
            return Array(("[" + events.joined(separator: ",") + "]").utf8)
        }
    }

    private mutating func labelsBody(_ random: inout SplitMix64) -> [UInt8] {
        let id = random.next() % 2 == 0 ? "\"fz-\(counter)\"" : pick(Self.values, &random)
        let label = random.next() % 2 == 0 ? "1" : pick(Self.values, &random)
        return Array("[{\"id\":\(id),\"label\":\(label)}]".utf8)
    }

    /// A small reference, sometimes with hostile headers or values.
    private mutating func referenceBody(_ random: inout SplitMix64) -> [UInt8] {
        let headers = pick(["amount,label", "am\u{0}ount,label", "\"a\nb\",label", ",,", String(repeating: "h", count: 400) + ",label", "amount,amount"], &random)
        let values = pick(["1e308", "-1e308", "nan", "1e999", "\u{0}", "x", "3"], &random)
        let rows = (0..<Int(random.next() % 40)).map { "\($0 % 2 == 0 ? values : String($0)),\($0 % 2)" }
        return Array((headers + "\n" + rows.joined(separator: "\n")).utf8)
    }
}
