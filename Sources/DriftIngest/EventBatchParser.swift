public import DriftCore

/// Parses the body of `POST /v1/models/{model}/events` into events, straight from bytes.
///
/// **Bodies** (see ``BodyFormat``): a JSON array of event objects, an object
/// `{"events": [...]}` holding such an array and nothing else, or NDJSON (one event object per
/// line, LF or CRLF; blank lines are skipped and do not count as events). A leading UTF-8 byte
/// order mark is ignored (RFC 8259 §8.1).
///
/// **Events** (API.md, "Concepts"):
/// - `id` (required): a string of 1…``Limits/maxIdLength`` characters (Unicode scalars), or an
///   integer such as `42`, which is the same id as `"42"`. Fractions, booleans and null are refused.
/// - `timestamp` (required): an RFC 3339 string with `Z` or a `±HH:MM` offset and an optional
///   fraction (RFC 3339 §5.6), or Unix seconds as a JSON number, fraction allowed. Both are
///   truncated to whole milliseconds (toward the past), exactly from the decimal digits, and must
///   fall between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
/// - `features` (required): an object of name → number, string, boolean or `null` (missing),
///   kept in arrival order; names non-empty and distinct; at most ``Limits/maxFeatures``.
/// - `prediction` (required): a number, string or boolean.
/// - `score`, `label`, `model_version` (optional; `null` means absent): a number; a number,
///   string or boolean; a string.
/// - Any other member is refused, with a suggestion for near-misses (`"feature"` → `"features"`).
///
/// **JSON** is RFC 8259 exactly, and stricter than `JSONSerialization` where that one is lenient:
/// trailing commas, duplicate member names (at every level this parser interprets) and invalid
/// UTF-8 are errors. Also refused: `NaN`/`Infinity`, numbers beyond the range of a double
/// (`1e999`), leading zeros, control characters in strings, unknown escapes, lone `\u`
/// surrogates, strings longer than ``Limits/maxStringBytes`` (decoded UTF-8 bytes), nesting
/// deeper than ``Limits/maxDepth``, anything after the JSON text. Numbers are correctly rounded,
/// bit-identical to `strtod` and Foundation's decoders; `-0` stays negative zero.
///
/// **Errors** are all-or-nothing: one bad event refuses the batch. Every bad event is reported
/// (index, field, reason), except that malformed JSON inside an event of a JSON array ends the
/// reading there. See ``IngestError`` for the codes and statuses. Score ranges, schema types,
/// future timestamps and repeated ids are ``EventValidator``'s job.
///
/// The parser holds no state between calls and is safe to share between tasks.
public struct EventBatchParser: Sendable {
    /// The limits every batch is held to.
    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses `body` as `format`.
    ///
    /// - Returns: the events, in body order.
    /// - Throws: ``IngestError``: 400 malformed, 413 too large, 422 invalid events.
    public func parse(_ body: [UInt8], format: BodyFormat) throws(IngestError) -> [Event] {
        try body.withUnsafeBufferPointer { bytes throws(IngestError) in try parse(bytes, format: format) }
    }

    /// Parses the bytes of `body` as `format`, without copying them.
    public func parse(_ body: UnsafeBufferPointer<UInt8>, format: BodyFormat) throws(IngestError) -> [Event] {
        var reader = BatchReader(limits: limits, decoder: EventDecoder(limits: limits))
        return try reader.read(body, format: format)
    }
}
