/// The result of indexing: header names, record starts and converted columns.
struct CSVIndex: Sendable {
    var columnNames: [String]
    var recordStarts: [UInt32]
    var columns: [StoredColumn]
}

/// Splits a CSV buffer into records and fields once, converting every field on the way
/// (see ``ChunkConverter``), using several cores for large inputs.
///
/// Plan for an input of `n` bytes with `W` workers:
/// 1. Read the header sequentially.
/// 2. Cut the body into `W` byte ranges at nominal offsets. In parallel, count the quote
///    characters of each range and check it is ASCII; the quote counts' prefix parity tells
///    whether each nominal offset lies inside a quoted field (exact for well-formed input).
///    Non-ASCII input is validated as UTF-8 (sequentially).
/// 3. Each worker guesses its first record boundary (the first LF outside quotes at or after
///    its nominal offset) and scans and converts whole records from there until one starts
///    past its range.
/// 4. Verification: the first worker starts at the true body start; a worker's results are
///    used only if the previous (verified) worker stopped exactly where it started — then both
///    tokenised from true record boundaries, so the guess is irrelevant to correctness. On a
///    mismatch (possible only with malformed quoting) the rest is rescanned sequentially.
///    Failures are reported only from verified workers, so errors are the sequential ones.
/// 5. The workers' columns are joined (``ColumnAssembly``), one column per task.
struct CSVIndexer {
    /// Inputs smaller than this many bytes are indexed on one thread.
    static let parallelThreshold = 1 << 20

    let scanner: CSVScanner
    let name: String
    let width: Int
    let parallelThreshold: Int

    /// Indexes `input`; `name` appears in errors; at most `width` threads are used, and only
    /// when the body has at least `parallelThreshold` bytes.
    static func index(
        _ input: InputBytes, name: String, width: Int, parallelThreshold: Int = CSVIndexer.parallelThreshold
    ) throws(CSVError) -> CSVIndex {
        guard input.count <= FileReader.maximumSize else {
            throw CSVError(.tooLarge, file: name, detail: "file is \(input.count) bytes; at most 4 GiB is supported")
        }
        return try input.withBytes { (buffer) throws(CSVError) -> CSVIndex in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                throw CSVError(.empty, file: name, detail: "file is empty (no header row)")
            }
            let indexer = CSVIndexer(
                scanner: CSVScanner(base: base, count: buffer.count), name: name, width: width,
                parallelThreshold: parallelThreshold)
            return try indexer.run()
        }
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
            if chunks == 1 { return (0, ByteStatistics.isASCII(start, count: length)) }
            return ByteStatistics.quotesAndASCII(start, count: length)
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
            scanChunk(from: starts[chunk], limit: nominal[chunk + 1], columnCount: columnCount,
                      estimateUntil: chunk == 0 ? count : nominal[chunk + 1])
        }
        for chunk in 0..<chunks {
            if chunk > 0 && outputs[chunk - 1].end != starts[chunk] {
                // A guess was wrong (malformed quoting): rescan the rest on this thread.
                let resume = outputs[chunk - 1].end
                outputs.removeSubrange(chunk...)
                outputs.append(scanChunk(from: resume, limit: count, columnCount: columnCount, estimateUntil: count))
                if let failure = outputs[chunk].failure { throw error(for: failure) }
                break
            }
            if let failure = outputs[chunk].failure { throw error(for: failure) }
        }

        let converters = outputs.map(\.converter)
        outputs = []
        guard converters.contains(where: { $0.rowCount > 0 }) else {
            throw CSVError(.noRows, file: name, detail: "file has a header row but no data rows")
        }
        let (recordStarts, columns) = ColumnAssembly.assemble(
            converters, scanner: scanner, columnCount: columnCount, width: width)
        return CSVIndex(columnNames: columnNames, recordStarts: recordStarts, columns: columns)
    }

    private struct ChunkOutput {
        var converter: ChunkConverter
        var end: Int
        var failure: ScanFailure?
    }

    /// Scans and converts the records starting in `start..<limit`. Buffers are sized for the
    /// records expected up to `estimateUntil` (the first chunk reserves room for the whole
    /// file, so that the others can be appended to its arrays in place).
    private func scanChunk(from start: Int, limit: Int, columnCount: Int, estimateUntil: Int) -> ChunkOutput {
        let converter = ChunkConverter(
            scanner: scanner, columnCount: columnCount,
            expectedRows: estimatedRecords(from: start, to: max(start, estimateUntil)))
        let (end, failure) = scanner.scanRecords(from: start, limit: limit, into: converter)
        return ChunkOutput(converter: converter, end: end, failure: failure)
    }

    /// Records in `start..<end`, extrapolated from the line feeds of the first 64 KiB (+10%).
    private func estimatedRecords(from start: Int, to end: Int) -> Int {
        let sample = min(end - start, 1 << 16)
        guard sample > 0 else { return 16 }
        let lineFeeds = ByteStatistics.occurrences(of: ASCII.lineFeed, in: base + start, count: sample)
        return (lineFeeds + 1) * (end - start) / sample * 11 / 10 + 16
    }

    /// Unescaped, decoded header names; rejects duplicates.
    private func names(of fields: [Range<Int>]) throws(CSVError) -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        let decoder = FieldDecoder()
        for (index, field) in fields.enumerated() {
            let name = withExtendedLifetime(decoder) {
                String(decoding: decoder.value(base + field.lowerBound, count: field.count), as: UTF8.self)
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
