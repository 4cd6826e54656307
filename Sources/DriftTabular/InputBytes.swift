#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The raw input of a document, kept for on-demand field access: either an array the caller
/// handed over, or a read-only memory mapping of a file.
///
/// Mapping a file that is already in the page cache costs a few milliseconds for 40 MB,
/// whereas reading it into fresh memory costs tens (every new page must be faulted in and
/// zeroed). The usual caveat of mappings applies: if another process truncates the file while
/// the document is alive, reading the vanished pages raises SIGBUS.
///
/// `@unchecked Sendable`: the bytes never change after initialisation and the mapping is
/// read-only, so sharing across threads is safe.
final class InputBytes: @unchecked Sendable {
    private enum Storage {
        case array([UInt8])
        case mapping(UnsafeMutableRawPointer, Int)
    }

    private let storage: Storage

    /// Wraps bytes already in memory.
    init(_ bytes: [UInt8]) {
        storage = .array(bytes)
    }

    /// Maps `count > 0` bytes of the open file `descriptor` read-only; `nil` if that fails.
    init?(mapping descriptor: Int32, count: Int) {
        guard count > 0,
              let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != UnsafeMutableRawPointer(bitPattern: -1) // MAP_FAILED
        else { return nil }
        storage = .mapping(address, count)
    }

    deinit {
        if case .mapping(let address, let count) = storage {
            munmap(address, count)
        }
    }

    /// Number of bytes.
    var count: Int {
        switch storage {
        case .array(let bytes): bytes.count
        case .mapping(_, let count): count
        }
    }

    /// Calls `body` with the bytes (an empty buffer may have a `nil` base address).
    func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        switch storage {
        case .array(let bytes):
            let result: Result<R, E> = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(E) in try body(buffer) }
            }
            return try result.get()
        case .mapping(let address, let count):
            return try body(UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }
}
