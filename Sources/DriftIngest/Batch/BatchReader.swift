import DriftCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a batch body into records: frames them as a JSON array, a wrapper object or NDJSON
/// lines, enforces the batch-wide limits, and gathers every record's problems.
///
/// Error reporting follows what can be known:
/// - NDJSON lines are independent, so every bad line is reported, malformed or not.
/// - In a JSON body, records with wrong content are all reported, but malformed JSON inside a
///   record ends the reading there (nothing after it can be framed reliably): that record is the
///   last one listed. Malformed JSON outside any record is a whole-body error with its offset.
struct BatchReader<Decoder: RecordDecoding> {
    let limits: Limits
    var decoder: Decoder
    private var problems = ProblemList()
    private var records: [Decoder.Record] = []
    /// Records seen so far (valid or not): the index of the next one.
    private var recordCount = 0
    /// Whether the decoder is reading a record, so that a syntax error is in its current field.
    private var insideDecoder = false

    init(limits: Limits, decoder: Decoder) {
        self.limits = limits
        self.decoder = decoder
    }

    /// Reads `body` as `format`; the records, or the reasons it is refused.
    mutating func read(_ body: UnsafeBufferPointer<UInt8>, format: BodyFormat) throws(IngestError) -> [Decoder.Record] {
        guard body.count <= limits.maxBodyBytes else {
            throw .bodyTooLarge(body.count, limit: limits.maxBodyBytes)
        }
        guard let base = body.baseAddress, !body.isEmpty else { throw emptyBody() }
        // RFC 8259 §8.1: a parser may ignore a byte order mark rather than treat it as an error.
        let start = body.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // A guess (records are rarely under 100 bytes), small enough not to reserve pages that
        // a batch of few large records would never touch; the array grows past it if needed.
        records.reserveCapacity(min(limits.maxBatchSize, body.count / 128 + 1))
        switch format {
        case .json: try readJSON(base, start: start, end: body.count)
        case .ndjson: try readLines(base, start: start, end: body.count)
        }
        guard problems.isEmpty else {
            throw .lines(problems, noun: Decoder.noun, contentCode: Decoder.contentCode, recordCount: recordCount)
        }
        return records
    }

    // MARK: JSON

    private mutating func readJSON(_ base: UnsafePointer<UInt8>, start: Int, end: Int) throws(IngestError) {
        var cursor = JSONCursor(base: base, start: start, end: end, maxDepth: limits.maxDepth)
        cursor.skipWhitespace()
        guard let first = cursor.peek else { throw emptyBody() }
        switch first {
        case UInt8(ascii: "["): try readArray(&cursor)
        case UInt8(ascii: "{"): try readWrapper(&cursor)
        default:
            throw .malformedBody(
                "A JSON body must be an array of \(Decoder.noun)s or an object {\"\(Decoder.wrapperKey)\": [...]}; "
                    + "found \(JSONCursor.describe(first)).", at: cursor.position)
        }
        cursor.skipWhitespace()
        if let extra = cursor.peek {
            throw .malformedBody(
                JSONSyntaxError(
                    at: cursor.position,
                    "unexpected \(JSONCursor.describe(extra)) after the end of the JSON text; "
                        + "to send one \(Decoder.noun) "
                        + "per line use Content-Type: application/x-ndjson"))
        }
    }

    /// Reads `[record, …]`; the cursor is at `[`.
    private mutating func readArray(_ cursor: inout JSONCursor) throws(IngestError) {
        do {
            guard try cursor.enterArray() else { return }
        } catch {
            throw .malformedBody(error)
        }
        while true {
            guard recordCount < limits.maxBatchSize else {
                throw .batchTooLarge(noun: Decoder.noun, limit: limits.maxBatchSize)
            }
            do {
                _ = try cursor.nextSignificant(expecting: "an object for each \(Decoder.noun), or ']'")
            } catch {
                throw .malformedBody(error)
            }
            let index = recordCount
            recordCount += 1
            do {
                try readRecord(&cursor, index: index, framing: "in the array")
            } catch {
                problems.add(index: index, field: fieldOfSyntaxError(), reason: error.located, isSyntax: true)
                throw .lines(problems, noun: Decoder.noun, contentCode: Decoder.contentCode, recordCount: nil)
            }
            do {
                guard try cursor.nextElement() else { return }
            } catch {
                throw .malformedBody(error)
            }
        }
    }

    /// Reads `{"events": [ … ]}`; the cursor is at `{`. The object may hold nothing else.
    private mutating func readWrapper(_ cursor: inout JSONCursor) throws(IngestError) {
        var more: Bool
        do { more = try cursor.enterObject() } catch { throw .malformedBody(error) }
        guard more else {
            throw .malformedBody(
                "The body is an empty object; expected {\"\(Decoder.wrapperKey)\": [...]}.", at: cursor.position - 2)
        }
        var sawArray = false
        while more {
            do { try readWrapperKey(&cursor, sawArray: sawArray) } catch { throw .malformedBody(error) }
            sawArray = true
            try readArray(&cursor)
            do { more = try cursor.nextMember() } catch { throw .malformedBody(error) }
        }
    }

    /// Reads the wrapper's member name and leaves the cursor at the `[` of its array.
    private func readWrapperKey(_ cursor: inout JSONCursor, sawArray: Bool) throws(JSONSyntaxError) {
        let key = "\(Decoder.wrapperKey)"
        let keyStart = cursor.position
        let name = try cursor.readKey()
        guard cursor.decoded(name, equals: Decoder.wrapperKey) else {
            throw JSONSyntaxError(
                at: keyStart,
                "unknown member \(cursor.excerpt(name)) in the body object; a JSON body is an array of "
                    + "\(Decoder.noun)s or {\"\(key)\": [...]} (or send one \(Decoder.noun) per line as NDJSON)")
        }
        guard !sawArray else { throw JSONSyntaxError(at: keyStart, "duplicate member \"\(key)\" in the body object") }
        let byte = try cursor.nextSignificant(expecting: "an array of \(Decoder.noun)s")
        guard byte == UInt8(ascii: "[") else {
            throw JSONSyntaxError(at: cursor.position, "\"\(key)\" must be an array of \(Decoder.noun)s")
        }
    }

    // MARK: NDJSON

    /// Reads one record per line; blank lines (only spaces, tabs, CR) are skipped and not counted.
    private mutating func readLines(_ base: UnsafePointer<UInt8>, start: Int, end: Int) throws(IngestError) {
        var lineStart = start
        var lineNumber = 0
        while lineStart < end {
            lineNumber += 1
            let lineEnd: Int
            if let found = memchr(base + lineStart, 0x0A, end - lineStart) {
                lineEnd = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            } else {
                lineEnd = end
            }
            var cursor = JSONCursor(base: base, start: lineStart, end: lineEnd, maxDepth: limits.maxDepth)
            lineStart = lineEnd + 1
            cursor.skipWhitespace()
            guard !cursor.isAtEnd else { continue }
            guard recordCount < limits.maxBatchSize else {
                throw .batchTooLarge(noun: Decoder.noun, limit: limits.maxBatchSize)
            }
            let index = recordCount
            recordCount += 1
            do throws(JSONSyntaxError) {
                try readRecord(&cursor, index: index, framing: "on an NDJSON line")
                cursor.skipWhitespace()
                if let extra = cursor.peek {
                    throw JSONSyntaxError(
                        at: cursor.position,
                        "unexpected \(JSONCursor.describe(extra)) after the \(Decoder.noun) object; NDJSON holds one "
                            + "object per line")
                }
            } catch {
                problems.add(
                    index: index, field: fieldOfSyntaxError(), reason: "line \(lineNumber): \(error.located)",
                    isSyntax: true)
            }
        }
        if recordCount == 0 { throw emptyBody() }
    }

    // MARK: One record

    /// Reads the record at the cursor: an object goes to the decoder, anything else is reported
    /// as the wrong shape and skipped.
    private mutating func readRecord(_ cursor: inout JSONCursor, index: Int, framing: String) throws(JSONSyntaxError) {
        let byte = try cursor.nextSignificant(expecting: "an object for each \(Decoder.noun)")
        if byte == UInt8(ascii: "{") {
            insideDecoder = true
            let record = try decoder.decode(&cursor, index: index, problems: &problems)
            insideDecoder = false
            if let record, problems.isEmpty { records.append(record) }
            return
        }
        let found: String
        switch byte {
        case UInt8(ascii: "["): found = "an array"
        case UInt8(ascii: "\""): found = "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "a boolean"
        case UInt8(ascii: "n"): found = "null"
        default: found = "a number"
        }
        try cursor.skipValue()
        var reason = "each \(Decoder.noun) must be a JSON object, found \(found) \(framing)"
        if byte == UInt8(ascii: "[") && framing.contains("NDJSON") {
            reason += " (send a JSON array with Content-Type: application/json)"
        }
        problems.add(index: index, field: nil, reason: reason)
    }

    /// The field a syntax error just thrown was in: the decoder's, if it was reading.
    private mutating func fieldOfSyntaxError() -> String? {
        defer { insideDecoder = false }
        return insideDecoder ? decoder.currentField : nil
    }

    private func emptyBody() -> IngestError {
        .malformedBody(
            "The body is empty; send a JSON array of \(Decoder.noun)s or NDJSON, one \(Decoder.noun) per line.", at: nil
        )
    }
}
