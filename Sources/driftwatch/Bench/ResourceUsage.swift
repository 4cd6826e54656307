import DriftCore
import Foundation

/// Process resource readings for benchmark tables.
enum ResourceUsage {
    /// Peak resident set size in MiB (VmHWM from /proc/self/status; nil where there is no /proc).
    static func peakResidentMiB() -> Double? {
        reading("VmHWM:")
    }

    /// Resets the peak resident set size to the current one (Linux ≥ 4.0: "5" written to
    /// /proc/self/clear_refs), so that ``peakResidentMiB()`` reports the peak of what follows; false where
    /// that is not possible.
    @discardableResult
    static func resetPeakResident() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// User plus system CPU time of the process so far, in seconds: on a shared machine, what a pass cost
    /// regardless of how long it waited for a core.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF_WHO, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Current resident set size in MiB.
    static func residentMiB() -> Double? {
        reading("VmRSS:")
    }

    private static func reading(_ key: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Double(fields[1]) { return kib / 1024 }
        }
        return nil
    }
}

#if os(Linux)
/// `RUSAGE_SELF` as `getrusage` takes it on Glibc (imported there as an enum case).
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// Times a closure with the monotonic clock and returns seconds.
func measureSeconds(_ work: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try await clock.measure { try await work() }
    return elapsed.fractionalSeconds
}
