/// Turns a field's raw bytes (as stored in the input, quotes included) into its value.
///
/// Owns a reusable buffer for unescaping quoted fields; one instance per thread.
final class FieldDecoder {
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 64
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// The field's value: the raw bytes themselves for an unquoted field, or the unescaped
    /// content (outer quotes removed, `""` → `"`) for a quoted one. A raw field starting with
    /// `"` is always quoted and ends with its closing quote: the scanner guarantees it.
    ///
    /// The result points into the input or into this decoder's buffer; it is valid until the
    /// next call, and only while the decoder is alive (callers holding a decoder in a local
    /// use `withExtendedLifetime`).
    @inline(__always)
    func value(_ start: UnsafePointer<UInt8>, count: Int) -> UnsafeBufferPointer<UInt8> {
        guard count >= 2 && start[0] == ASCII.quote else {
            return UnsafeBufferPointer(start: start, count: count)
        }
        return unescape(start, count: count)
    }

    private func unescape(_ start: UnsafePointer<UInt8>, count: Int) -> UnsafeBufferPointer<UInt8> {
        if count > capacity {
            buffer.deallocate()
            capacity = count
            buffer = .allocate(capacity: capacity)
        }
        var written = 0
        var index = 1
        let end = count - 1
        while index < end {
            let byte = start[index]
            buffer[written] = byte
            written += 1
            index += byte == ASCII.quote ? 2 : 1
        }
        return UnsafeBufferPointer(start: buffer, count: written)
    }
}
