import DriftStats

/// A column as the document stores it after conversion.
enum StoredColumn: Sendable {
    /// Every field is a number or missing (NaN).
    case numeric([Double])
    /// Some field is not a number: the dictionary encoding of all fields, and the first
    /// non-numeric field (document row and raw byte range).
    case categorical(CategoricalColumn, firstNonNumeric: FieldLocation)
}

/// Dictionary encoding of a column straight from the input, for rows that were not encoded
/// during the scan (a chunk whose part of the column was numeric, or a numeric column asked
/// for as categorical).
enum CategoricalEncoder {
    /// Appends the codes of field `column` of the records starting at `recordStarts`.
    static func encode(
        column: Int, recordStarts: UnsafeBufferPointer<UInt32>, scanner: CSVScanner,
        dictionary: inout ByteSliceDictionary, codes: inout [Int32]
    ) {
        let decoder = FieldDecoder()
        codes.reserveCapacity(codes.count + recordStarts.count)
        withExtendedLifetime(decoder) {
            for start in recordStarts {
                let range = scanner.fieldRange(inRecordAt: Int(start), column: column)
                let value = decoder.value(scanner.base + range.lowerBound, count: range.count)
                codes.append(value.isEmpty ? CategoricalColumn.missingCode : dictionary.code(for: value))
            }
        }
    }
}

/// Joins the chunks' converted columns (in file order) into the document's columns.
enum ColumnAssembly {
    /// Takes the columns out of `chunks` (their record starts stay) and joins them.
    static func assemble(
        _ chunks: [ChunkConverter], scanner: CSVScanner, columnCount: Int, width: Int
    ) -> (recordStarts: [UInt32], columns: [StoredColumn]) {
        var recordStarts: [UInt32] = []
        recordStarts.reserveCapacity(chunks.reduce(0) { $0 + $1.rowCount })
        var rowBases: [Int] = []
        for chunk in chunks {
            rowBases.append(recordStarts.count)
            recordStarts.append(contentsOf: chunk.recordStarts)
        }

        // Hand each column's builders to exactly one worker, so that their arrays are uniquely
        // owned there and can grow in place.
        var transposed = [[ColumnBuilder]](repeating: [], count: columnCount)
        for chunk in chunks {
            for (column, builder) in chunk.takeColumns().enumerated() {
                transposed[column].append(builder)
            }
        }
        let parts = UnsafeMutableBufferPointer<[ColumnBuilder]>.allocate(capacity: columnCount)
        defer { parts.deallocate() }
        for column in (0..<columnCount).reversed() {
            (parts.baseAddress! + column).initialize(to: transposed.removeLast())
        }
        let columns = Parallel.map(columnCount, width: width) { column -> StoredColumn in
            var builders = (parts.baseAddress! + column).move()
            if builders.allSatisfy(\.isNumeric) {
                var numbers = builders[0].numbers
                builders[0].numbers = []
                for index in builders.indices.dropFirst() { numbers.append(contentsOf: builders[index].numbers) }
                return .numeric(numbers)
            }
            return categorical(column: column, builders: &builders, chunks: chunks, rowBases: rowBases, scanner: scanner)
        }
        return (recordStarts, columns)
    }

    private static func categorical(
        column: Int, builders: inout [ColumnBuilder], chunks: [ChunkConverter], rowBases: [Int], scanner: CSVScanner
    ) -> StoredColumn {
        var firstNonNumeric: FieldLocation?
        for index in builders.indices {
            if builders[index].isNumeric {
                var dictionary = ByteSliceDictionary()
                var codes: [Int32] = []
                chunks[index].recordStarts.withUnsafeBufferPointer { starts in
                    CategoricalEncoder.encode(
                        column: column, recordStarts: starts, scanner: scanner, dictionary: &dictionary, codes: &codes)
                }
                builders[index].dictionary = dictionary
                builders[index].codes = codes
            } else if firstNonNumeric == nil, var location = builders[index].firstNonNumeric {
                location.row += rowBases[index]
                firstNonNumeric = location
            }
        }
        var dictionary = builders[0].dictionary
        var codes = builders[0].codes
        builders[0].codes = []
        for index in builders.indices.dropFirst() {
            var remap: [Int32] = []
            builders[index].dictionary.forEachKey { remap.append(dictionary.code(for: $0)) }
            codes.reserveCapacity(codes.count + builders[index].codes.count)
            for code in builders[index].codes {
                codes.append(code < 0 ? code : remap[Int(code)])
            }
        }
        return .categorical(
            CategoricalColumn(categories: dictionary.categories(), codes: codes),
            firstNonNumeric: firstNonNumeric!)
    }
}
