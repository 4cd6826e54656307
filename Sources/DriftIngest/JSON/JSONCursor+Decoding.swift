extension JSONCursor {
    /// The decoded string of `token`, which must be the last string read (escaped strings live in
    /// ``scratch`` only until the next one). The bytes are valid UTF-8 already.
    @inline(__always)
    func string(_ token: StringToken) -> String {
        if token.hasEscapes {
            return scratch.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
        return String(decoding: UnsafeBufferPointer(start: base + token.rawStart, count: token.rawCount), as: UTF8.self)
    }

    /// Calls `body` with the decoded UTF-8 of `token` (the last string read).
    @inline(__always)
    func withDecodedBytes<Result>(_ token: StringToken, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if token.hasEscapes { return scratch.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(start: base + token.rawStart, count: token.rawCount))
    }

    /// Whether the decoded `token` (the last string read) is exactly `word`.
    @inline(__always)
    func decoded(_ token: StringToken, equals word: StaticString) -> Bool {
        withDecodedBytes(token) { bytes in
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            let letters = word.utf8Start
            for offset in 0..<bytes.count where bytes[offset] != letters[offset] { return false }
            return true
        }
    }

    /// Whether two strings have identical raw bytes (which implies identical decoded strings).
    @inline(__always)
    func rawBytesEqual(_ token: StringToken, start: Int, count: Int) -> Bool {
        guard token.rawCount == count else { return false }
        if token.rawStart == start { return true }
        return memoryEqual(base + token.rawStart, base + start, count)
    }

    /// A short, printable rendering of a string for error messages: at most `limit` characters,
    /// with an ellipsis when cut.
    func excerpt(_ token: StringToken, limit: Int = 40) -> String {
        let text = string(token)
        guard text.count > limit else { return "\"\(text)\"" }
        return "\"\(text.prefix(limit))…\""
    }
}

/// `memcmp(a, b, count) == 0`, for short runs.
@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var offset = 0
    while count - offset >= 8 {
        if ByteWord.load(a + offset) != ByteWord.load(b + offset) { return false }
        offset += 8
    }
    while offset < count {
        if a[offset] != b[offset] { return false }
        offset += 1
    }
    return true
}
