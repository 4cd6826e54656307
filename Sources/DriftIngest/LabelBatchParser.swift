public import DriftCore

/// Parses the body of `POST /v1/models/{model}/labels` into label records, straight from bytes.
///
/// Bodies are framed as for events (``BodyFormat``): a JSON array, an object
/// `{"labels": [...]}`, or NDJSON. Each record is `{"id": …, "label": …}` with both members
/// required: `id` as for events (a string of 1…``Limits/maxIdLength`` characters, or an
/// integer), `label` a number, string or boolean (not null). Any other member is refused.
/// The JSON rules and the errors are those of ``EventBatchParser``, with code
/// ``IngestError/Code/invalidLabel`` for wrong content.
public struct LabelBatchParser: Sendable {
    /// The limits every batch is held to.
    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses `body` as `format`.
    ///
    /// - Returns: the label records, in body order.
    /// - Throws: ``IngestError``: 400 malformed, 413 too large, 422 invalid labels.
    public func parse(_ body: [UInt8], format: BodyFormat) throws(IngestError) -> [LabelRecord] {
        try body.withUnsafeBufferPointer { bytes throws(IngestError) in try parse(bytes, format: format) }
    }

    /// Parses the bytes of `body` as `format`, without copying them.
    public func parse(_ body: UnsafeBufferPointer<UInt8>, format: BodyFormat) throws(IngestError) -> [LabelRecord] {
        var reader = BatchReader(limits: limits, decoder: LabelDecoder(limits: limits))
        return try reader.read(body, format: format)
    }
}
