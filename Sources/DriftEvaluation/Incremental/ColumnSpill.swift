import Foundation

/// The numeric columns a full pass folds, written to an unlinked temporary file as the pass reads them, so
/// that the gather ending the pass (``WindowAccumulator/gather(spilled:rows:)``) replays them instead of
/// reading every row of the window from the store a second time.
///
/// A full pass learns where F_C crosses F_R only once every row is counted, and the crossing slots' values
/// are needed for Wasserstein-1. Reading them back from the store cost as much as the first read (SQLite
/// stepping the time index and decoding each row); reading them back from this file costs a copy.
///
/// - The file is unlinked as soon as it is created: nothing is left behind if the process dies, and its
///   space returns when the spill is released.
/// - It holds 8 bytes per value of each spilled column, plus a header per chunk.
/// - Writing stops at the first error, or when the file would pass its allowance (a quarter of the
///   volume's free space when it was opened, so that a spill never fills the store's disk). The spill is
///   then unusable, its space is returned at once, and the pass reads the store again as it would without
///   a spill.
///
/// Used by one thread at a time (the pass's reader hands it chunks in order).
final class ColumnSpill {
    /// Columns per chunk: a chunk's record says which of them it holds.
    let width: Int
    /// The most bytes the file may hold.
    let allowance: Int
    /// Bytes written so far.
    private(set) var bytesWritten = 0
    /// Rows of the chunks written so far.
    private(set) var rows = 0
    /// The open file; -1 once the spill is unusable or closed.
    private var descriptor: Int32

    /// Creates the file in `directory`; nil when it cannot be created there or the volume has no room.
    ///
    /// - Parameters:
    ///   - directory: the folder for the file (the store's own volume, or the system's temporary folder).
    ///   - width: the columns per chunk.
    ///   - allowance: the most bytes to write; nil for a quarter of the volume's free space.
    init?(directory: String, width: Int, allowance: Int? = nil) {
        var volume = statvfs()
        guard statvfs(directory, &volume) == 0 else { return nil }
        let free = Int(clamping: UInt64(volume.f_bavail) &* UInt64(volume.f_frsize))
        let limit = allowance ?? free / 4
        guard limit > 0 else { return nil }
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
        template += Array("driftwatch-spill-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        // The name is only a way to create the file: without it, the file lives as long as the descriptor.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
        self.width = width
        self.allowance = limit
    }

    deinit {
        discard()
    }

    /// Whether every chunk handed to ``append(_:rows:)`` is in the file.
    var isUsable: Bool { descriptor >= 0 }

    /// Writes one chunk: `columns` holds ``width`` entries, each nil or `rows` values. Returns whether the
    /// spill is still usable (false after an error or once the allowance would be passed).
    @discardableResult
    func append(_ columns: [[Double]?], rows count: Int) -> Bool {
        guard isUsable else { return false }
        precondition(columns.count == width, "a spilled chunk has one entry per column")
        let present = columns.filter { $0 != nil }.count
        let size = headerSize + present * count * MemoryLayout<Double>.size
        guard bytesWritten + size <= allowance else {
            discard()
            return false
        }
        var header = [UInt8](repeating: 0, count: headerSize)
        withUnsafeBytes(of: Int64(count).littleEndian) { header.replaceSubrange(0..<8, with: $0) }
        for (index, column) in columns.enumerated() where column != nil { header[8 + index] = 1 }
        let spilled = columns.compactMap { $0 }
        let columnBytes = count * MemoryLayout<Double>.size
        // The columns' places in the file are known, so both cores copy them into it (the copy into the
        // page cache is most of a spill's cost).
        var written = [Bool](repeating: false, count: spilled.count)
        written.withUnsafeMutableBufferPointer { written in
            ForkJoin.forEach(spilled.count, width: count >= 4_096 ? ForkJoin.processorCount : 1) { index in
                precondition(spilled[index].count == count, "a spilled column has one value per row")
                written[index] = spilled[index].withUnsafeBytes {
                    writeAll($0, at: bytesWritten + headerSize + index * columnBytes)
                }
            }
        }
        guard written.allSatisfy({ $0 }), header.withUnsafeBytes({ writeAll($0, at: bytesWritten) }) else {
            discard()
            return false
        }
        bytesWritten += size
        rows += count
        return true
    }

    /// Hands back each chunk written, in order, with its columns (nil where a chunk had none) and rows.
    /// Returns false, having stopped, if the file could not be read back (the caller must not trust what it
    /// was handed before).
    func replay(_ body: (_ columns: [[Double]?], _ rows: Int) -> Void) -> Bool {
        guard isUsable else { return false }
        var offset = 0
        var header = [UInt8](repeating: 0, count: headerSize)
        // Each column's buffer is read into again for the next chunk of the same size (the body's copies
        // are gone by then): a fresh one per chunk cost a page fault and a cleared page per 4 KiB.
        var columns: [[Double]?] = Array(repeating: nil, count: width)
        while offset < bytesWritten {
            guard header.withUnsafeMutableBytes({ readAll(into: $0, at: offset) }) else { return false }
            offset += headerSize
            let count = Int(Int64(littleEndian: header.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
            guard count >= 0 else { return false }
            for index in 0..<width {
                guard header[8 + index] != 0 else {
                    columns[index] = nil
                    continue
                }
                if columns[index]?.count != count { columns[index] = [Double](repeating: 0, count: count) }
                guard columns[index]!.withUnsafeMutableBytes({ readAll(into: $0, at: offset) }) else { return false }
                offset += count * MemoryLayout<Double>.size
            }
            body(columns, count)
        }
        return true
    }

    /// Closes the file, returning its space; the spill is unusable afterwards.
    func discard() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
    }

    /// A chunk's row count, then one presence byte per column, padded to 8 bytes.
    private var headerSize: Int { 8 + (width + 7) / 8 * 8 }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }

    private func readAll(into bytes: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let result = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }
}
