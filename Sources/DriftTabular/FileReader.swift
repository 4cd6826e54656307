#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a whole file: a read-only mapping for regular files, POSIX `read` into an array for
/// pipes and other streams (or if mapping fails).
enum FileReader {
    /// Largest input accepted: offsets are stored as `UInt32`, and `bound = end + 1` must fit.
    static let maximumSize = Int(UInt32.max) - 2

    /// The file's bytes. Works for regular files and for pipes or other streams.
    static func readAll(path: String, name: String) throws(CSVError) -> InputBytes {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw openError(errno, name: name) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw readError(errno, name: name) }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw CSVError(.unreadable, file: name, detail: "cannot read: is a directory")
        }
        let expected = status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0
        guard expected <= maximumSize else {
            throw CSVError(.tooLarge, file: name, detail: "file is \(expected) bytes; at most 4 GiB is supported")
        }

        if expected > 0, let mapped = InputBytes(mapping: descriptor, count: expected) {
            return mapped
        }
        return InputBytes(try readStream(descriptor, expected: expected, name: name))
    }

    /// Reads until the end of the stream.
    private static func readStream(_ descriptor: Int32, expected: Int, name: String) throws(CSVError) -> [UInt8] {
        var bytes: [UInt8] = []
        var capacity = max(expected + 1, 1 << 16) // +1 sees end of file in the first pass
        while true {
            var failure: Int32 = 0
            var reachedEnd = false
            let previous = bytes.count
            var grown = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                let destination = buffer.baseAddress!
                if previous > 0 {
                    bytes.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: previous) }
                }
                var filled = previous
                while filled < capacity {
                    let got = read(descriptor, destination + filled, capacity - filled)
                    if got > 0 {
                        filled += got
                    } else if got == 0 {
                        reachedEnd = true
                        break
                    } else if errno != EINTR {
                        failure = errno
                        break
                    }
                }
                initialized = filled
            }
            if failure != 0 { throw readError(failure, name: name) }
            if grown.count > maximumSize {
                throw CSVError(.tooLarge, file: name, detail: "file is larger than 4 GiB, which is not supported")
            }
            if reachedEnd {
                if grown.count < grown.capacity / 2 { grown = Array(grown) }
                return grown
            }
            bytes = grown
            capacity *= 2
        }
    }

    private static func openError(_ code: Int32, name: String) -> CSVError {
        if code == ENOENT || code == ENOTDIR {
            return CSVError(.fileNotFound, file: name, detail: "no such file")
        }
        return readError(code, name: name)
    }

    private static func readError(_ code: Int32, name: String) -> CSVError {
        CSVError(.unreadable, file: name, detail: "cannot read: \(String(cString: strerror(code)))")
    }
}
