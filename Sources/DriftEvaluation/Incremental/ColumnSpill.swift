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
///   up no value's group again.
/// - The files (two, see ``descriptors``) are unlinked as soon as they are created: nothing is left behind
///   if the process dies, and their space returns when the spill is released.
/// - It holds 8 bytes per value, plus 4 bytes per coarse group (128 reference breakpoints) per record.
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
    }

    /// The most bytes the files may hold together.
    let allowance: Int
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
    init?(directory: String, columns: Int, allowance: Int? = nil) {
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
        state = Locked(State(fileEnds: [0, 0], records: Array(repeating: [], count: max(columns, 0))))
    }

    deinit {
        for descriptor in descriptors { _ = close(descriptor) }
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
        let boundaries = groupEnds.map { Int32(truncatingIfNeeded: $0) }
        let size = values.count * MemoryLayout<Double>.size + boundaries.count * MemoryLayout<Int32>.size
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
        let written =
            boundaries.withUnsafeBytes { writeAll($0, to: file, at: offset) }
            && writeAll(
                UnsafeRawBufferPointer(values), to: file, at: offset + boundaries.count * MemoryLayout<Int32>.size)
        state.withLock { state in
            if written {
                state.records[column].append(
                    Record(file: file, offset: offset, values: values.count, boundaries: boundaries.count))
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
        guard let records else { return false }
        // One buffer per column, read into again for each record of the same size: a fresh one per record
        // cost a page fault and a cleared page per 4 KiB.
        var values: [Double] = []
        var boundaries: [Int32] = []
        for record in records {
            if values.count != record.values { values = [Double](repeating: 0, count: record.values) }
            if boundaries.count != record.boundaries { boundaries = [Int32](repeating: 0, count: record.boundaries) }
            let groupBytes = record.boundaries * MemoryLayout<Int32>.size
            guard boundaries.withUnsafeMutableBytes({ readAll(into: $0, from: record.file, at: record.offset) }),
                values.withUnsafeMutableBytes({
                    readAll(into: $0, from: record.file, at: record.offset + groupBytes)
                })
            else { return false }
            let groupEnds = boundaries.map { Int($0) }
            let ordered = zip(groupEnds, groupEnds.dropFirst()).allSatisfy { $0 <= $1 }
            guard groupEnds.first == 0, groupEnds.last == record.values, ordered else { return false }
            values.withUnsafeBufferPointer { values in groupEnds.withUnsafeBufferPointer { body(values, $0) } }
        }
        return true
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
}
