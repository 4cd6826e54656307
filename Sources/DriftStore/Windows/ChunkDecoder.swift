import DriftCore
import DriftStats

/// Decodes the feature rows of a chunked read's chunks into columns (``WindowData/columns``), one chunk
/// after another, keeping its working memory from one chunk to the next.
///
/// A full pass of 10M events decodes 153 chunks of 65,536 rows. Built afresh, each chunk's buffers (the
/// builders' column-major buffers, one array per column, then the two halves joined) came to about 30 MB of
/// new pages per chunk, each one mapped, faulted in and cleared by the kernel. Here the builders are reset
/// instead of rebuilt, and each column's array is one the reader of the previous chunk handed back
/// (``recycle(_:)``), so a pass's chunks reuse the same pages. Arrays the reader kept are not reused:
/// an array is written only when no one else holds it (copy on write).
///
/// A chunk of at least ``parallelRows`` rows is decoded on both cores, each half of the rows by one
/// builder, and the halves joined into one column per feature (categories on one dictionary, as
/// ``CategoricalColumn/appending(_:)`` joins them), so every column is the one a single walk over the rows
/// builds. One decoder serves one read: its builders are made for the first chunk's schema.
struct ChunkDecoder {
    /// One builder per part of a chunk decoded apart; made for the first chunk.
    private var builders: [WindowColumnsBuilder] = []
    /// Arrays of a chunk its reader is done with, for the next chunk's columns.
    private var spareNumbers: [[Double]] = []
    private var spareCodes: [[Int32]] = []

    /// Chunks of at least this many rows are decoded on both cores: a full pass's chunks (65,536 rows). An
    /// incremental pass's 10,000 rows took longer split in two (43.7 ms a pass one walk, 52–54 split).
    static let parallelRows = 32_768

    /// `rows` decoded into one column per feature of `schema`, in schema order.
    /// - Throws: ``StoreError/Code/corruptData`` for a row the codec cannot read.
    mutating func columns(of rows: EncodedFeatureRows, schema: ModelSchema, slots: [String: Int])
        throws(StoreError) -> [ColumnValues]
    {
        let parts =
            rows.count >= Self.parallelRows && ForkJoin.processorCount > 1
            ? [0..<(rows.count / 2), (rows.count / 2)..<rows.count] : [0..<rows.count]
        if builders.count != parts.count {
            builders = parts.map { WindowColumnsBuilder(schema: schema, slots: slots, expectedRows: $0.count) }
        } else {
            for index in builders.indices { builders[index].reset() }
        }
        var failures = [StoreError?](repeating: nil, count: parts.count)
        builders.withUnsafeMutableBufferPointer { builders in
            failures.withUnsafeMutableBufferPointer { failures in
                ForkJoin.forEach(parts.count, width: parts.count) { part in
                    do throws(StoreError) {
                        try rows.decode(rows: parts[part], into: &builders[part])
                    } catch {
                        failures[part] = error
                    }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        return joinedColumns(schema: schema, rows: rows.count)
    }

    /// Hands back the columns of a chunk whose reader returned: their arrays take the next chunk's values.
    mutating func recycle(_ columns: [ColumnValues]) {
        for column in columns {
            switch column {
            case .numeric(let values): spareNumbers.append(values)
            case .categorical(let column): spareCodes.append(column.codes)
            }
        }
    }

    /// The builders' columns, each joined over the parts in order, in arrays handed back when there are any.
    private mutating func joinedColumns(schema: ModelSchema, rows: Int) -> [ColumnValues] {
        var numericIndex = 0
        var categoricalIndex = 0
        var columns: [ColumnValues] = []
        columns.reserveCapacity(schema.features.count)
        for feature in schema.features {
            switch feature.type {
            case .numeric:
                var values = spareNumbers.popLast() ?? []
                values.removeAll(keepingCapacity: true)
                values.reserveCapacity(rows)
                for builder in builders {
                    builder.withNumbers(ofColumn: numericIndex) { values.append(contentsOf: $0) }
                }
                numericIndex += 1
                columns.append(.numeric(values))
            case .categorical:
                var codes = spareCodes.popLast() ?? []
                codes.removeAll(keepingCapacity: true)
                codes.reserveCapacity(rows)
                var categories = builders[0].categories(ofColumn: categoricalIndex)
                builders[0].withCodes(ofColumn: categoricalIndex) { codes.append(contentsOf: $0) }
                for builder in builders.dropFirst() {
                    let mapped = CategoricalColumn.merge(
                        builder.categories(ofColumn: categoricalIndex), into: &categories)
                    builder.withCodes(ofColumn: categoricalIndex) { part in
                        for code in part {
                            codes.append(code == CategoricalColumn.missingCode ? code : mapped[Int(code)])
                        }
                    }
                }
                categoricalIndex += 1
                columns.append(.categorical(CategoricalColumn(categories: categories, codes: codes)))
            }
        }
        return columns
    }
}
