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

/// Times a closure with the monotonic clock and returns seconds.
func measureSeconds(_ work: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try await clock.measure { try await work() }
    return elapsed.fractionalSeconds
}
