#if canImport(Glibc)
import Glibc
#endif

/// How the process's allocator returns memory, set once before any command runs.
///
/// A window read decodes chunks on one thread and folds them on others (DriftStore's chunk handoff,
/// DriftEvaluation's fork–join over features); with glibc's defaults each thread's arena keeps the large
/// column buffers it freed, and its mmap threshold rises to 32 MiB after the first such free, so the
/// resident memory of a long read grows by a few chunks per thread. A fixed threshold of 256 KiB gives
/// every chunk-sized buffer back to the system when it is freed (mallopt(3), M_MMAP_THRESHOLD).
/// `<malloc.h>` is not in Swift's Glibc module, so the functions are looked up by name.
enum MemoryTuning {
    /// Buffers at least this large are mapped on their own and unmapped when freed.
    static let mmapThreshold: Int32 = 256 * 1024
    /// glibc's `M_MMAP_THRESHOLD` parameter number (`<malloc.h>`).
    private static let mmapThresholdParameter: Int32 = -3

    /// Sets the fixed mmap threshold (nothing where the C library has no `mallopt`).
    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdParameter, mmapThreshold)
        #endif
    }

    /// Gives the memory freed so far back to the system (`malloc_trim(0)`), so that a reading of the
    /// resident memory after it counts what is in use rather than what earlier work left free.
    static func releaseFreedMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
