/// How a request body of events or labels is framed.
///
/// Chosen per request by ``init(contentType:body:)``:
/// 1. `Content-Type` `application/x-ndjson`, `application/ndjson`, `application/jsonl`,
///    `application/x-jsonlines` or `application/jsonlines` → ``ndjson``, whatever the body looks like.
/// 2. `application/json`: the body decides: its first significant byte `[`, or `{` whose first member
///    is `"events"` or `"labels"`, → ``json``; anything else (such as `{"id": …}`) → ``ndjson``, which
///    also covers a body holding a single record.
/// 3. Any other media type, or none, → `nil`: answer 415. That includes `text/plain`,
///    `application/x-www-form-urlencoded` and `multipart/form-data`, the types a web page may POST to
///    another origin without asking it first (CORS "simple requests"), so no page a user opens can
///    write events into a server that runs without tokens.
///
/// Parameters of the media type (`; charset=utf-8`) are ignored: JSON is always UTF-8 (RFC 8259 §8.1).
public enum BodyFormat: String, Sendable, Equatable, CaseIterable {
    /// One JSON text (RFC 8259): an array of records, or an object with the array under
    /// `"events"` (`"labels"` for labels).
    case json
    /// Newline-delimited JSON: one record object per line, LF or CRLF line ends; blank lines skipped.
    case ndjson

    /// The format of a request, or nil when its media type is not one this API reads (415).
    public init?(contentType: String?, body: [UInt8]) {
        let mediaType = Self.mediaType(contentType)
        if Self.ndjsonTypes.contains(mediaType) {
            self = .ndjson
            return
        }
        guard mediaType == "application/json" else { return nil }
        self = Self.sniff(body)
    }

    private static let ndjsonTypes: Set<String> = [
        "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
        "application/jsonlines",
    ]

    /// The lower-cased media type without parameters; empty when absent.
    private static func mediaType(_ contentType: String?) -> String {
        guard let contentType else { return "" }
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return type.trimmingSpaces().lowercased()
    }

    /// `[…` or `{"events"…` / `{"labels"…` → json; everything else → ndjson.
    private static func sniff(_ body: [UInt8]) -> BodyFormat {
        var index = 0
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        func skipWhitespace() {
            while index < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[index]) { index += 1 }
        }
        skipWhitespace()
        guard index < body.count else { return .json }
        if body[index] == UInt8(ascii: "[") { return .json }
        guard body[index] == UInt8(ascii: "{") else { return .ndjson }
        index += 1
        skipWhitespace()
        let rest = body[index...]
        if rest.starts(with: Array("\"events\"".utf8)) || rest.starts(with: Array("\"labels\"".utf8)) { return .json }
        return .ndjson
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
