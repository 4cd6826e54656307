#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why scanning stopped early; offsets are absolute byte positions in the input.
enum ScanFailure: Equatable {
    /// The record starting at `recordStart` has a wrong number of fields.
    case raggedRow(recordStart: Int)
    /// The quoted field opened at `quoteOffset` never closes.
    case unterminatedQuote(quoteOffset: Int)
    /// The byte at `offset` follows a closing quote but is not a comma or line end.
    case unexpectedCharacterAfterQuote(offset: Int)
}

/// How a field ended.
struct FieldEnd {
    enum Status: UInt8 {
        case comma, endOfRecord, unterminatedQuote, unexpectedCharacterAfterQuote
    }
    var status: Status
    /// The comma, the line feed, `count` at the end of input, or the offending offset.
    var terminator: Int
    /// For `.endOfRecord`: the offset just past the field's content (a CR before LF excluded).
    var contentEnd: Int
}

/// The RFC 4180 record grammar over raw bytes.
///
/// - Fields are separated by `,`; records end with LF, CRLF, or the end of input.
/// - A field starting with `"` is quoted: it extends to the next lone `"`; `""` inside it is a
///   literal quote; commas, CR and LF inside it are data. After the closing quote only a comma,
///   a line end or the end of input may follow.
/// - A quote inside an unquoted field is an ordinary character (a common, harmless liberty).
/// - A CR is a line end only directly before LF or at the end of input; elsewhere it is data.
/// - Blank lines (empty, or a lone CR) are skipped everywhere; they are not records.
struct CSVScanner {
    let base: UnsafePointer<UInt8>
    let count: Int

    /// Scans one field starting at `position` (which may equal `count`: an empty last field).
    @inline(__always)
    func scanField(at position: Int) -> FieldEnd {
        if position < count && base[position] == ASCII.quote {
            return scanQuotedField(openingQuote: position)
        }
        let stop = findCommaOrLineFeed(from: position)
        if stop < count && base[stop] == ASCII.comma {
            return FieldEnd(status: .comma, terminator: stop, contentEnd: stop)
        }
        var contentEnd = stop
        if contentEnd > position && base[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }
        return FieldEnd(status: .endOfRecord, terminator: stop, contentEnd: contentEnd)
    }

    private func scanQuotedField(openingQuote: Int) -> FieldEnd {
        var position = openingQuote + 1
        while true {
            guard let found = memchr(base + position, Int32(ASCII.quote), count - position) else {
                return FieldEnd(status: .unterminatedQuote, terminator: openingQuote, contentEnd: openingQuote)
            }
            let quote = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            if quote + 1 < count && base[quote + 1] == ASCII.quote {
                position = quote + 2
                continue
            }
            let after = quote + 1
            if after == count {
                return FieldEnd(status: .endOfRecord, terminator: count, contentEnd: count)
            }
            switch base[after] {
            case ASCII.comma:
                return FieldEnd(status: .comma, terminator: after, contentEnd: after)
            case ASCII.lineFeed:
                return FieldEnd(status: .endOfRecord, terminator: after, contentEnd: after)
            case ASCII.carriageReturn where after + 1 == count:
                return FieldEnd(status: .endOfRecord, terminator: count, contentEnd: after)
            case ASCII.carriageReturn where base[after + 1] == ASCII.lineFeed:
                return FieldEnd(status: .endOfRecord, terminator: after + 1, contentEnd: after)
            default:
                return FieldEnd(status: .unexpectedCharacterAfterQuote, terminator: after, contentEnd: after)
            }
        }
    }

    /// The first offset `≥ position` holding a comma or LF, or `count`.
    @inline(__always)
    func findCommaOrLineFeed(from position: Int) -> Int {
        var index = position
        let commas = SWAR.broadcast(ASCII.comma)
        let lineFeeds = SWAR.broadcast(ASCII.lineFeed)
        while count - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let marks = SWAR.firstZeroByteMarker(word ^ commas) | SWAR.firstZeroByteMarker(word ^ lineFeeds)
            if marks != 0 { return index + marks.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte == ASCII.comma || byte == ASCII.lineFeed { return index }
            index += 1
        }
        return count
    }

    /// The offset after the blank line at `position`, or `nil` if a record starts there.
    @inline(__always)
    func skipBlankLine(at position: Int) -> Int? {
        let byte = base[position]
        if byte == ASCII.lineFeed { return position + 1 }
        if byte == ASCII.carriageReturn {
            if position + 1 == count { return count }
            if base[position + 1] == ASCII.lineFeed { return position + 2 }
        }
        return nil
    }

    /// The offset after the record (its line end), or `count`.
    @inline(__always)
    func offsetAfter(_ end: FieldEnd) -> Int {
        end.terminator < count ? end.terminator + 1 : count
    }

    /// Scans the records that start before `limit`, beginning at the record boundary `start`,
    /// handing every record and field to `converter`. Returns the offset after the last record
    /// scanned (the first record boundary `≥ limit` when no failure occurs).
    ///
    /// Fields of columns still in numeric mode are first parsed as numbers in place: when a
    /// number is followed directly by a comma or a line end, that is the whole field and it
    /// needs no separate scan. Anything else takes the general path.
    func scanRecords(from start: Int, limit: Int, into converter: ChunkConverter) -> (end: Int, failure: ScanFailure?) {
        let columnCount = converter.columnCount
        var position = start
        while position < limit {
            if let next = skipBlankLine(at: position) {
                position = next
                continue
            }
            let recordStart = position
            converter.beginRecord(at: recordStart)
            var column = 0
            while true {
                var end: FieldEnd
                var converted = false
                if converter.isNumeric(column),
                   let (value, stop) = DecimalParser.parsePrefix(base, from: position, to: count, table: converter.table),
                   let numberEnd = fieldEnd(afterNumberEndingAt: stop) {
                    converter.appendNumber(value, column: column)
                    end = numberEnd
                    converted = true
                } else {
                    end = scanField(at: position)
                }
                switch end.status {
                case .comma:
                    if column + 1 == columnCount { return (recordStart, .raggedRow(recordStart: recordStart)) }
                    if !converted { converter.field(column: column, start: position, end: end.terminator) }
                    column += 1
                    position = end.terminator + 1
                    continue
                case .endOfRecord:
                    if column + 1 != columnCount { return (recordStart, .raggedRow(recordStart: recordStart)) }
                    if !converted { converter.field(column: column, start: position, end: end.contentEnd) }
                    position = offsetAfter(end)
                case .unterminatedQuote:
                    return (recordStart, .unterminatedQuote(quoteOffset: end.terminator))
                case .unexpectedCharacterAfterQuote:
                    return (recordStart, .unexpectedCharacterAfterQuote(offset: end.terminator))
                }
                break
            }
        }
        return (position, nil)
    }

    /// How an unquoted field ends when its content stops at `stop`: at a comma, a line end or
    /// the end of input; `nil` if another byte follows (then the field is more than a number).
    @inline(__always)
    private func fieldEnd(afterNumberEndingAt stop: Int) -> FieldEnd? {
        if stop == count { return FieldEnd(status: .endOfRecord, terminator: count, contentEnd: count) }
        switch base[stop] {
        case ASCII.comma:
            return FieldEnd(status: .comma, terminator: stop, contentEnd: stop)
        case ASCII.lineFeed:
            return FieldEnd(status: .endOfRecord, terminator: stop, contentEnd: stop)
        case ASCII.carriageReturn where stop + 1 == count:
            return FieldEnd(status: .endOfRecord, terminator: count, contentEnd: stop)
        case ASCII.carriageReturn where base[stop + 1] == ASCII.lineFeed:
            return FieldEnd(status: .endOfRecord, terminator: stop + 1, contentEnd: stop)
        default:
            return nil
        }
    }

    /// The raw byte range of field `column` of the well-formed record starting at `start`
    /// (one the scanner has already accepted).
    func fieldRange(inRecordAt start: Int, column: Int) -> Range<Int> {
        var position = start
        var current = 0
        while true {
            let end = scanField(at: position)
            if current == column {
                return position..<(end.status == .comma ? end.terminator : end.contentEnd)
            }
            guard end.status == .comma else { return position..<position }
            position = end.terminator + 1
            current += 1
        }
    }

    /// The fields of the record at `start` as `(first byte, end)` ranges and the offset after
    /// it, or the failure. Used for the header and to describe ragged rows; not a hot path.
    func fieldsOfRecord(at start: Int) -> (fields: [Range<Int>], next: Int, failure: ScanFailure?) {
        var fields: [Range<Int>] = []
        var position = start
        while true {
            let end = scanField(at: position)
            switch end.status {
            case .comma:
                fields.append(position..<end.terminator)
                position = end.terminator + 1
            case .endOfRecord:
                fields.append(position..<end.contentEnd)
                return (fields, offsetAfter(end), nil)
            case .unterminatedQuote:
                return (fields, count, .unterminatedQuote(quoteOffset: end.terminator))
            case .unexpectedCharacterAfterQuote:
                return (fields, count, .unexpectedCharacterAfterQuote(offset: end.terminator))
            }
        }
    }

    /// The first record boundary `≥ position`, assuming `insideQuotes` tells whether
    /// `position` lies inside a quoted field. A guess: callers verify it (see ``CSVIndexer``).
    func firstRecordBoundary(atOrAfter position: Int, insideQuotes: Bool) -> Int {
        if position >= count { return count }
        if !insideQuotes && position > 0 && base[position - 1] == ASCII.lineFeed { return position }
        var inside = insideQuotes
        var index = position
        while index < count {
            let byte = base[index]
            if byte == ASCII.quote {
                inside.toggle()
            } else if byte == ASCII.lineFeed && !inside {
                return index + 1
            }
            index += 1
        }
        return count
    }
}
