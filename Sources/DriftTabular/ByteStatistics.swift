/// Fast whole-buffer byte statistics, eight bytes at a time.
enum ByteStatistics {
    /// Number of bytes equal to `target` in `start[0..<count]`.
    static func occurrences(of target: UInt8, in start: UnsafePointer<UInt8>, count: Int) -> Int {
        let pattern = SWAR.broadcast(target)
        var index = 0
        var matches = 0
        while count - index >= 8 {
            let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
            // Equal bytes become zero; count the non-zero ones and subtract.
            matches += 8 - SWAR.nonZeroBytes(word ^ pattern).nonzeroBitCount
            index += 8
        }
        while index < count {
            if start[index] == target { matches += 1 }
            index += 1
        }
        return matches
    }

    /// The number of `"` bytes and whether every byte is below 0x80, in one pass.
    static func quotesAndASCII(_ start: UnsafePointer<UInt8>, count: Int) -> (quotes: Int, ascii: Bool) {
        let pattern = SWAR.broadcast(ASCII.quote)
        var index = 0
        var nonQuotes = 0
        var union: UInt64 = 0
        while count - index >= 8 {
            let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
            union |= word
            nonQuotes += SWAR.nonZeroBytes(word ^ pattern).nonzeroBitCount
            index += 8
        }
        var quotes = index - nonQuotes
        while index < count {
            union |= UInt64(start[index])
            if start[index] == ASCII.quote { quotes += 1 }
            index += 1
        }
        return (quotes, union & SWAR.highBits == 0)
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        var union: UInt64 = 0
        while count - index >= 8 {
            union |= UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < count {
            union |= UInt64(start[index])
            index += 1
        }
        return union & SWAR.highBits == 0
    }

    /// The 1-based physical line containing byte `offset` (the number of LFs before it, plus one).
    static func lineNumber(atOffset offset: Int, in start: UnsafePointer<UInt8>) -> Int {
        occurrences(of: ASCII.lineFeed, in: start, count: offset) + 1
    }
}
