/// The result of indexing: header names and the field bounds of every data record.
struct CSVIndex: Sendable {
    var columnNames: [String]
    var rowCount: Int
    /// Column-major: `bounds[k * rowCount + r]` is bound `k` (0...columnCount) of row `r`, as
    /// described in ``RecordBounds``.
    var bounds: [UInt32]
}

/// Splits a CSV buffer into records and fields once, using several cores for large inputs.
///
/// Plan for an input of `n` bytes with `W` workers:
/// 1. Read the header sequentially.
/// 2. Cut the body into `W` byte ranges at nominal offsets. In parallel, count the quote
///    characters of each range and check it is ASCII; the quote counts' prefix parity tells
///    whether each nominal offset lies inside a quoted field (exact for well-formed input).
///    Non-ASCII input is validated as UTF-8 (sequentially).
/// 3. Each worker guesses its first record boundary (the first LF outside quotes at or after
///    its nominal offset) and scans whole records from there until one starts past its range.
/// 4. Verification: the first worker starts at the true body start; a worker's results are
///    used only if the previous (verified) worker stopped exactly where it started — then both
///    tokenised from true record boundaries, so the guess is irrelevant to correctness. On a
///    mismatch (possible only with malformed quoting) the rest is rescanned sequentially.
///    Failures are reported only from verified workers, so errors are the sequential ones.
struct CSVIndexer {
    /// Inputs smaller than this many bytes are indexed on one thread.
    static let parallelThreshold = 1 << 20

    let scanner: CSVScanner
    let name: String
    let width: Int
    let parallelThreshold: Int

    /// Indexes `bytes`; `name` appears in errors; at most `width` threads are used, and only
    /// when the body has at least `parallelThreshold` bytes.
    static func index(
        _ bytes: [UInt8], name: String, width: Int, parallelThreshold: Int = CSVIndexer.parallelThreshold
    ) throws(CSVError) -> CSVIndex {
        guard bytes.count <= Int(UInt32.max) - 2 else {
            throw CSVError(.tooLarge, file: name, detail: "file is \(bytes.count) bytes; at most 4 GiB is supported")
        }
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<CSVIndex, CSVError> in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return .failure(CSVError(.empty, file: name, detail: "file is empty (no header row)"))
            }
            let indexer = CSVIndexer(
                scanner: CSVScanner(base: base, count: buffer.count), name: name, width: width,
                parallelThreshold: parallelThreshold)
            return Result { () throws(CSVError) in try indexer.run() }
        }
        return try result.get()
    }

    private var base: UnsafePointer<UInt8> { scanner.base }
    private var count: Int { scanner.count }

    private func run() throws(CSVError) -> CSVIndex {
        // Byte-order mark, then blank lines, then the header.
        var position = 0
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { position = 3 }
        while position < count, let next = scanner.skipBlankLine(at: position) { position = next }
        guard position < count else {
            throw CSVError(.empty, file: name, detail: "file is empty (no header row)")
        }
        let header = scanner.fieldsOfRecord(at: position)
        if let failure = header.failure { throw error(for: failure) }
        let bodyStart = header.next
        let columnCount = header.fields.count

        // Nominal chunk offsets, quote counts and the ASCII check.
        let chunks = width > 1 && count - bodyStart >= max(parallelThreshold, 1) ? width : 1
        let nominal = (0...chunks).map { bodyStart + (count - bodyStart) * $0 / chunks }
        let prescan = Parallel.map(chunks, width: chunks) { chunk -> (quotes: Int, ascii: Bool) in
            let start = base + nominal[chunk]
            let length = nominal[chunk + 1] - nominal[chunk]
            let quotes = chunks > 1 ? ByteStatistics.occurrences(of: ASCII.quote, in: start, count: length) : 0
            return (quotes, ByteStatistics.isASCII(start, count: length))
        }
        let allASCII = prescan.allSatisfy(\.ascii) && ByteStatistics.isASCII(base, count: bodyStart)
        if !allASCII, let bad = UTF8Validator.firstInvalidOffset(base, count: count) {
            throw CSVError(
                .invalidUTF8, file: name, line: line(at: bad),
                detail: "invalid UTF-8 byte sequence (the file must be UTF-8 encoded)")
        }

        let columnNames = try names(of: header.fields)

        // Guessed starts, parallel scan, verification.
        var starts = [bodyStart]
        var quotesBefore = 0
        for chunk in 1..<max(chunks, 1) {
            quotesBefore += prescan[chunk - 1].quotes
            starts.append(scanner.firstRecordBoundary(atOrAfter: nominal[chunk], insideQuotes: quotesBefore % 2 == 1))
        }
        var outputs = Parallel.map(chunks, width: chunks) { chunk in
            scanChunk(from: starts[chunk], limit: nominal[chunk + 1], columnCount: columnCount)
        }
        defer { for output in outputs { output.bounds.deallocate() } }
        for chunk in 0..<chunks {
            if chunk > 0 && outputs[chunk - 1].end != starts[chunk] {
                // A guess was wrong (malformed quoting): rescan the rest on this thread.
                for later in chunk..<chunks {
                    outputs[later].bounds.deallocate()
                    outputs[later].bounds = RecordBounds(width: columnCount + 1, capacity: 0)
                }
                outputs[chunk].bounds.deallocate()
                outputs[chunk] = scanChunk(from: outputs[chunk - 1].end, limit: count, columnCount: columnCount)
                if let failure = outputs[chunk].failure { throw error(for: failure) }
                break
            }
            if let failure = outputs[chunk].failure { throw error(for: failure) }
        }

        let rowCount = outputs.reduce(0) { $0 + $1.bounds.count }
        guard rowCount > 0 else {
            throw CSVError(.noRows, file: name, detail: "file has a header row but no data rows")
        }
        return CSVIndex(columnNames: columnNames, rowCount: rowCount, bounds: merge(outputs, rowCount: rowCount))
    }

    private struct ChunkOutput {
        var bounds: RecordBounds
        var end: Int
        var failure: ScanFailure?
    }

    private func scanChunk(from start: Int, limit: Int, columnCount: Int) -> ChunkOutput {
        var bounds = RecordBounds(width: columnCount + 1, capacity: estimatedRecords(from: start, to: max(start, limit)))
        let (end, failure) = scanner.scanRecords(from: start, limit: limit, columnCount: columnCount, into: &bounds)
        return ChunkOutput(bounds: bounds, end: end, failure: failure)
    }

    /// Records in `start..<end`, extrapolated from the line feeds of the first 64 KiB (+10%).
    private func estimatedRecords(from start: Int, to end: Int) -> Int {
        let sample = min(end - start, 1 << 16)
        guard sample > 0 else { return 16 }
        let lineFeeds = ByteStatistics.occurrences(of: ASCII.lineFeed, in: base + start, count: sample)
        return (lineFeeds + 1) * (end - start) / sample * 11 / 10 + 16
    }

    /// Concatenates the chunks' bound columns into one column-major array.
    private func merge(_ outputs: [ChunkOutput], rowCount: Int) -> [UInt32] {
        let width = outputs[0].bounds.width
        return [UInt32](unsafeUninitializedCapacity: width * rowCount) { buffer, initialized in
            let destination = buffer.baseAddress!
            Parallel.forEach(width, width: self.width) { column in
                var row = 0
                for output in outputs {
                    output.bounds.copyColumn(column, to: destination + column * rowCount + row)
                    row += output.bounds.count
                }
            }
            initialized = width * rowCount
        }
    }

    /// Unescaped, decoded header names; rejects duplicates.
    private func names(of fields: [Range<Int>]) throws(CSVError) -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        var scratch: [UInt8] = []
        for (index, field) in fields.enumerated() {
            let name = FieldText.withUnescaped(base + field.lowerBound, count: field.count, scratch: &scratch) {
                String(decoding: $0, as: UTF8.self)
            }
            if let earlier = seen[name] {
                throw CSVError(
                    .duplicateColumn, file: self.name, line: line(at: field.lowerBound),
                    detail: "duplicate column name \"\(name)\" (columns \(earlier + 1) and \(index + 1))")
            }
            seen[name] = index
            names.append(name)
        }
        return names
    }

    private func line(at offset: Int) -> Int {
        ByteStatistics.lineNumber(atOffset: offset, in: base)
    }

    /// The user-facing error for a scan failure.
    private func error(for failure: ScanFailure) -> CSVError {
        switch failure {
        case .raggedRow(let recordStart):
            let record = scanner.fieldsOfRecord(at: recordStart)
            if let inner = record.failure { return error(for: inner) }
            let headerCount = scanner.fieldsOfRecord(at: headerStart()).fields.count
            return CSVError(
                .raggedRow, file: name, line: line(at: recordStart),
                detail: "row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), header has \(headerCount)")
        case .unterminatedQuote(let quoteOffset):
            return CSVError(
                .unterminatedQuote, file: name, line: line(at: quoteOffset),
                detail: "quoted field starting on this line is never closed")
        case .unexpectedCharacterAfterQuote(let offset):
            return CSVError(
                .unexpectedCharacterAfterQuote, file: name, line: line(at: offset),
                detail: "unexpected character after a closing quote (a quote inside a quoted field must be doubled)")
        }
    }

    private func headerStart() -> Int {
        var position = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        while position < count, let next = scanner.skipBlankLine(at: position) { position = next }
        return position
    }
}
