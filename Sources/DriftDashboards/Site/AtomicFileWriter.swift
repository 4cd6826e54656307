import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a reader — a static web server, a browser reloading — sees either the old
/// content or the new, never a half-written page: the bytes go to a temporary file in the same
/// directory (so the rename cannot cross file systems), are flushed with `fsync`, and the temporary file
/// is renamed over the target with `rename(2)`, which POSIX makes atomic for the target's name.
///
/// The temporary file is named `.NAME.tmp-PID-RANDOM` (created with `O_EXCL`); it is removed when a step fails.
struct AtomicFileWriter: Sendable {
    /// Whether to `fsync` each file before the rename (on by default: otherwise a power loss can leave
    /// the renamed file empty on some file systems).
    var synchronize = true

    /// Writes `text` as UTF-8 to `url`, creating the parent directories.
    /// - Throws: ``DashboardError/Code/write`` naming the file and the system's reason.
    func write(_ text: String, to url: URL) throws(DashboardError) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DashboardError(.write, "cannot create directory \(directory.path): \(error.localizedDescription)")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DashboardError(.write, "cannot create \(temporary.path): \(Self.systemError())")
        }
        var failure: String?
        let bytes = Array(text.utf8)  // one copy: String's storage may not be contiguous UTF-8
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write \(temporary.path): \(Self.systemError())"
                    return
                }
                offset += written
            }
        }
        if failure == nil && synchronize && fsync(descriptor) != 0 {
            failure = "cannot flush \(temporary.path): \(Self.systemError())"
        }
        if close(descriptor) != 0 && failure == nil {
            failure = "cannot close \(temporary.path): \(Self.systemError())"
        }
        if failure == nil && rename(temporary.path, url.path) != 0 {
            failure = "cannot rename \(temporary.path) to \(url.path): \(Self.systemError())"
        }
        if let failure {
            unlink(temporary.path)
            throw DashboardError(.write, failure)
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`, named apart from ``AtomicFileWriter/write(_:to:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}
