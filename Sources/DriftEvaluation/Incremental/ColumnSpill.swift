import DriftCore
import DriftStats
import Foundation

/// The values a full pass folds into its dense numeric folds, written to an unlinked temporary file as the
/// folds place them, so that the gather ending the pass (``WindowAccumulator/gather(from:)``) replays them
/// instead of reading every row of the window from the store a second time.
///
/// A full pass learns where F_C crosses F_R only once every row is counted, and the crossing slots' values
/// are needed for Wasserstein-1. Reading them back from the store cost as much as the first read (SQLite
/// stepping the time index and decoding each row); reading them back from this file costs a copy.
///
/// - Each record is one batch of one column's finite values as ``NumericFold`` grouped them (by coarse
///   group, with the group boundaries), so the gather skips whole groups without a watched slot and looks
///   up no value's group again. A record holds the values (8 bytes each), then the boundaries (4 bytes per
///   coarse group of 128 reference breakpoints), padded to a whole block (``blockSize``).
/// - The files bypass the page cache where the volume allows it (`O_DIRECT`, checked when they are
///   opened): copying 1.6 GB of a 10M-event pass into fresh page cache cost about 5 s of CPU on two cores
///   (clearing and charging each new page), against about 0.4 s for the same bytes written straight to the
///   disk. That is why records are whole blocks written from block-aligned buffers. Elsewhere (tmpfs) the
///   files are ordinary ones, with the same records.
/// - The files (two, see ``descriptors``) are unlinked as soon as they are created: nothing is left behind
///   if the process dies, and their space returns when the spill is released.
/// - Writing stops at the first error, or when the files would pass their allowance (a quarter of the
///   volume's free space when it was opened, so that a spill never fills the store's disk). The spill is
///   then unusable and the pass reads the store again, as it would without a spill.
///
/// Records of different columns may be written, and replayed, from several threads at once: a lock
/// hands out the places in the files, and each record is written and read at its own offset.
final class ColumnSpill {
    /// One batch of one column: where it is, and how many values and group boundaries it holds.
    private struct Record {
        let file: Int
        let offset: Int
        let values: Int
        let boundaries: Int
    }

    private struct State {
        /// Bytes written to each file: the next record's offset in it.
        var fileEnds: [Int]
        var usable = true
        /// Per column, its records in the order they were written.
        var records: [[Record]]
        /// Block-aligned buffers not in use, kept so that each record does not fault in fresh pages.
        var buffers: [UnsafeMutableRawBufferPointer] = []
    }

    /// The unit of a record's size and offset, and the alignment of the buffers it is written from and read
    /// into: what direct I/O asks for (the logical block size of common disks is 512 or 4,096 bytes).
    static let blockSize = 4_096

    /// The bytes one record of `values` values and `boundaries` group boundaries takes in the files.
    static func recordBytes(values: Int, boundaries: Int) -> Int {
        let bytes = values * MemoryLayout<Double>.size + boundaries * MemoryLayout<Int32>.size
        return (bytes + blockSize - 1) / blockSize * blockSize
    }

    /// The most bytes the files may hold together.
    let allowance: Int
    /// Whether the files bypass the page cache (`O_DIRECT`).
    let isDirect: Bool
    /// Two files, column c's records in file c mod 2: the two threads that fold a chunk's features (even
    /// and odd ones) write at once, and two writers to one file wait for each other on its inode's lock.
    private let descriptors: [Int32]
    private let state: Locked<State>

    /// Creates the files in `directory`; nil when they cannot be created there or the volume has no room.
    ///
    /// - Parameters:
    ///   - directory: the folder for the files (the store's own volume).
    ///   - columns: how many columns records are written for (0 ..< columns).
    ///   - allowance: the most bytes to write; nil for a quarter of the volume's free space.
    ///   - direct: whether to bypass the page cache where the volume allows it.
    init?(directory: String, columns: Int, allowance: Int? = nil, direct: Bool = true) {
        var volume = statvfs()
        guard statvfs(directory, &volume) == 0 else { return nil }
        let free = Int(clamping: UInt64(volume.f_bavail) &* UInt64(volume.f_frsize))
        let limit = allowance ?? free / 4
        guard limit > 0 else { return nil }
        var descriptors: [Int32] = []
        for _ in 0..<2 {
            var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
            template += Array("driftwatch-spill-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                for descriptor in descriptors { _ = close(descriptor) }
                return nil
            }
            // The name is only a way to create the file: without it, the file lives as long as the descriptor.
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            descriptors.append(descriptor)
        }
        self.descriptors = descriptors
        self.allowance = limit
        isDirect = direct && descriptors.allSatisfy(Self.bypassPageCache)
        if !isDirect { for descriptor in descriptors { Self.setDirect(descriptor, false) } }
        state = Locked(State(fileEnds: [0, 0], records: Array(repeating: [], count: max(columns, 0))))
    }

    deinit {
        for descriptor in descriptors { _ = close(descriptor) }
        state.withLock { state in
            for buffer in state.buffers { buffer.deallocate() }
            state.buffers = []
        }
    }

    /// Whether every record handed to ``append(column:values:groupEnds:)`` is in the file.
    var isUsable: Bool { state.withLock { $0.usable } }

    /// Bytes written so far.
    var bytesWritten: Int { state.withLock { $0.fileEnds.reduce(0, +) } }

    /// Values written so far for `column`.
    func valueCount(column: Int) -> Int {
        state.withLock { $0.records[column].reduce(0) { $0 + $1.values } }
    }

    /// Writes one batch of `column`: its values and their group boundaries (``NumericFold/GroupedValues``).
    /// Returns whether the spill is still usable (false after an error or once the allowance would be passed).
    @discardableResult
    func append(column: Int, values: UnsafeBufferPointer<Double>, groupEnds: UnsafeBufferPointer<Int>) -> Bool {
        let size = Self.recordBytes(values: values.count, boundaries: groupEnds.count)
        let file = column % 2
        let offset: Int? = state.withLock { state in
            guard state.usable, state.fileEnds.reduce(0, +) + size <= allowance else {
                state.usable = false
                return nil
            }
            defer { state.fileEnds[file] += size }
            return state.fileEnds[file]
        }
        guard let offset else { return false }
        let buffer = takeBuffer(size)
        let valueBytes = values.count * MemoryLayout<Double>.size
        if let base = values.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: valueBytes) }
        let boundaries = (buffer.baseAddress! + valueBytes).bindMemory(to: Int32.self, capacity: groupEnds.count)
        for (index, end) in groupEnds.enumerated() { boundaries[index] = Int32(truncatingIfNeeded: end) }
        let tail = valueBytes + groupEnds.count * MemoryLayout<Int32>.size
        (buffer.baseAddress! + tail).initializeMemory(as: UInt8.self, repeating: 0, count: size - tail)
        let written = writeAll(UnsafeRawBufferPointer(rebasing: buffer[..<size]), to: file, at: offset)
        returnBuffer(buffer)
        state.withLock { state in
            if written {
                state.records[column].append(
                    Record(file: file, offset: offset, values: values.count, boundaries: groupEnds.count))
            } else {
                state.usable = false
            }
        }
        return written
    }

    /// Hands back each record of `column`, in the order written. Returns false, having stopped, if the spill
    /// is unusable or a record could not be read back (the caller must not trust what it was handed).
    func replay(
        column: Int, _ body: (_ values: UnsafeBufferPointer<Double>, _ groupEnds: UnsafeBufferPointer<Int>) -> Void
    ) -> Bool {
        let records: [Record]? = state.withLock { $0.usable ? $0.records[column] : nil }
        guard let records, !records.isEmpty else { return records != nil }
        // One buffer for every record of the column, and one array of group ends re-filled in place.
        let largest = records.map { Self.recordBytes(values: $0.values, boundaries: $0.boundaries) }.max()!
        let buffer = takeBuffer(largest)
        defer { returnBuffer(buffer) }
        var groupEnds: [Int] = []
        for record in records {
            let size = Self.recordBytes(values: record.values, boundaries: record.boundaries)
            let bytes = UnsafeMutableRawBufferPointer(rebasing: buffer[..<size])
            guard readAll(into: bytes, from: record.file, at: record.offset) else { return false }
            let valueBytes = record.values * MemoryLayout<Double>.size
            let values = UnsafeBufferPointer(
                start: buffer.baseAddress!.bindMemory(to: Double.self, capacity: record.values), count: record.values)
            let boundaries = UnsafeBufferPointer(
                start: (buffer.baseAddress! + valueBytes).bindMemory(to: Int32.self, capacity: record.boundaries),
                count: record.boundaries)
            groupEnds.removeAll(keepingCapacity: true)
            groupEnds.append(contentsOf: boundaries.lazy.map { Int($0) })
            let ordered = zip(groupEnds, groupEnds.dropFirst()).allSatisfy { $0 <= $1 }
            guard groupEnds.first == 0, groupEnds.last == record.values, ordered else { return false }
            groupEnds.withUnsafeBufferPointer { body(values, $0) }
        }
        return true
    }

    /// A block-aligned buffer of at least `size` bytes: a kept one when one is large enough.
    private func takeBuffer(_ size: Int) -> UnsafeMutableRawBufferPointer {
        let kept: UnsafeMutableRawBufferPointer? = state.withLock { state in
            guard let index = state.buffers.firstIndex(where: { $0.count >= size }) else { return nil }
            return state.buffers.remove(at: index)
        }
        return kept
            ?? UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, Self.blockSize), alignment: Self.blockSize)
    }

    /// Keeps `buffer` for a later record (at most four are kept; a smaller one gives way to a larger).
    private func returnBuffer(_ buffer: UnsafeMutableRawBufferPointer) {
        let dropped: UnsafeMutableRawBufferPointer? = state.withLock { state in
            state.buffers.append(buffer)
            guard state.buffers.count > 4 else { return nil }
            let smallest = state.buffers.indices.min { state.buffers[$0].count < state.buffers[$1].count }!
            return state.buffers.remove(at: smallest)
        }
        dropped?.deallocate()
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, to file: Int, at offset: Int) -> Bool {
        let descriptor = descriptors[file]
        return Self.transfer(bytes.count) { done in
            pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
        }
    }

    private func readAll(into bytes: UnsafeMutableRawBufferPointer, from file: Int, at offset: Int) -> Bool {
        let descriptor = descriptors[file]
        return Self.transfer(bytes.count) { done in
            pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
        }
    }

    /// Repeats `step` (a `pread` or `pwrite` of the bytes after the first `done`) until `count` bytes have
    /// moved, again after an interrupted call; false on an error or at the end of the file.
    private static func transfer(_ count: Int, _ step: (_ done: Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let moved = step(done)
            if moved < 0 && errno == EINTR { continue }
            guard moved > 0 else { return false }
            done += moved
        }
        return true
    }

    /// Linux's `O_DIRECT`, which Swift's Glibc module does not export (it is a `_GNU_SOURCE` macro).
    private static var directFlag: Int32? {
        #if os(Linux) && arch(x86_64)
            return 0o40000
        #elseif os(Linux) && arch(arm64)
            return 0o200000
        #else
            return nil
        #endif
    }

    /// Sets or clears `O_DIRECT` on `descriptor`; false if the volume refuses it.
    @discardableResult
    private static func setDirect(_ descriptor: Int32, _ direct: Bool) -> Bool {
        guard let flag = directFlag else { return false }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(descriptor, F_SETFL, direct ? flags | flag : flags & ~flag) == 0
    }

    /// Turns on `O_DIRECT` for `descriptor` and checks that a block written from an aligned buffer reads
    /// back the same: some file systems accept the flag and then fail each transfer.
    private static func bypassPageCache(_ descriptor: Int32) -> Bool {
        guard setDirect(descriptor, true) else { return false }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: blockSize)
        defer { block.deallocate() }
        for index in 0..<blockSize { block[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        let expected = Array(block)
        guard pwrite(descriptor, block.baseAddress!, blockSize, 0) == blockSize else { return false }
        block.initializeMemory(as: UInt8.self, repeating: 0)
        guard pread(descriptor, block.baseAddress!, blockSize, 0) == blockSize else { return false }
        return Array(block) == expected
    }
}
