import DriftCore

/// When window states are saved to the store and what loading them found (issue #15: "persisted where a
/// restart or another replica needs it").
///
/// A state is saved after a full pass (it cost a read of the whole window), then at most every
/// ``saveIntervalMilliseconds`` per window, and always the first time its window is evaluated closed (the
/// state a late event or label will start from). A pass that finds no state in memory loads the saved one:
/// `loaded` when its reference version and settings match, `stale` when they do not (rebuilt), `corrupt`
/// when it cannot be decoded (deleted, rebuilt, a warning recorded). Counters and warnings are drained by
/// the server for /metrics and its log.
public final class WindowStatePersistence: Sendable {
    /// The longest a window's saved state lags its in-memory one; 0 saves after every pass.
    public let saveIntervalMilliseconds: Int64
    /// The default ``saveIntervalMilliseconds``: one minute.
    public static let defaultSaveIntervalMilliseconds: Int64 = 60_000

    /// What persistence did since the last ``drain()``.
    public struct Report: Sendable, Equatable {
        /// States saved.
        public var saves = 0
        /// Bytes of the states saved.
        public var bytesSaved = 0
        /// Saved states looked up on a miss of the in-memory cache, by outcome (`loaded`, `stale`, `corrupt`).
        public var loads: [String: Int] = [:]
        /// Problems worth a warning in the log (a state that could not be decoded or saved).
        public var warnings: [String] = []

        public init() {}
    }

    private struct Window: Hashable {
        var model: ModelName
        var start: Int64
    }

    private struct Bookkeeping {
        var lastSaved: [Window: Int64] = [:]
        var savedClosed: Set<Window> = []
        var report = Report()

        /// The most windows whose last save is remembered: past it, the half saved longest ago are
        /// forgotten (their next pass saves again), so the bookkeeping stays bounded.
        static let maxWindows = 4_096

        mutating func forgetOldest() {
            guard lastSaved.count > Self.maxWindows else { return }
            let oldest = lastSaved.sorted { $0.value < $1.value }.prefix(lastSaved.count - Self.maxWindows / 2)
            for (window, _) in oldest {
                lastSaved.removeValue(forKey: window)
                savedClosed.remove(window)
            }
        }
    }

    private let state = Locked(Bookkeeping())

    /// - Parameter saveIntervalMilliseconds: see ``saveIntervalMilliseconds`` (negative counts as 0).
    public init(saveIntervalMilliseconds: Int64 = WindowStatePersistence.defaultSaveIntervalMilliseconds) {
        self.saveIntervalMilliseconds = max(saveIntervalMilliseconds, 0)
    }

    /// Returns what happened since the last call and starts counting afresh.
    public func drain() -> Report {
        state.withLock { bookkeeping in
            defer { bookkeeping.report = Report() }
            return bookkeeping.report
        }
    }

    /// The saved state of the window if it can continue the pass: same reference version and settings.
    /// A damaged one is deleted. Never throws: any failure means "rebuild from the rows".
    func load(
        model: ModelName, start: Int64, reference: StoredReference, settings: EvaluationSettings,
        store: any StoragePort
    ) -> WindowState? {
        let stored: StoredWindowState?
        do {
            stored = try store.windowState(model: model, windowStart: start, slice: "")
        } catch {
            record(warning: "window state of \(model) at \(start) could not be read: \(error)")
            return nil
        }
        guard let stored else { return nil }
        guard stored.referenceVersion == reference.version,
            stored.settingsFingerprint == WindowStateArchive.settingsFingerprint(settings)
        else {
            record(outcome: "stale")
            return nil
        }
        do {
            let decoded = try WindowStateArchive.decode(
                stored.bytes, profile: reference.profile, schema: reference.schema, referenceVersion: reference.version)
            guard decoded.settings == settings else {
                record(outcome: "stale")
                return nil
            }
            state.withLock { $0.lastSaved[Window(model: model, start: start)] = stored.savedAt }
            record(outcome: "loaded")
            return decoded
        } catch {
            record(outcome: "corrupt")
            record(warning: "window state of \(model) at \(start) is unreadable and is rebuilt: \(error)")
            try? store.deleteWindowState(model: model, windowStart: start, slice: "")
            return nil
        }
    }

    /// The saved slices of a window whose whole-model state `state` was just loaded (``KeptSlicesArchive``),
    /// decoded against `references`, when they were saved with it: same reference version, settings and
    /// positions. Outcomes count as `slices_loaded`, `slices_stale` or `slices_corrupt` (a damaged archive
    /// is deleted). Never throws: nil means "route every row again".
    func loadSlices(
        model: ModelName, start: Int64, state: WindowState, references: SliceEvaluator, store: any StoragePort
    ) -> KeptSlices? {
        let stored: StoredWindowState?
        do {
            stored = try store.windowState(model: model, windowStart: start, slice: KeptSlicesArchive.storedSlice)
        } catch {
            record(warning: "slice states of \(model) at \(start) could not be read: \(error)")
            return nil
        }
        guard let stored else { return nil }
        guard stored.referenceVersion == state.referenceVersion,
            stored.settingsFingerprint == WindowStateArchive.settingsFingerprint(state.settings),
            stored.sequence == state.sequence, stored.labelSequence == state.labelSequence
        else {
            record(outcome: "slices_stale")
            return nil
        }
        do {
            let slices = try KeptSlicesArchive.decode(
                stored.bytes, references: references, settings: state.settings, sequence: state.sequence,
                labelSequence: state.labelSequence)
            record(outcome: "slices_loaded")
            return slices
        } catch {
            record(outcome: "slices_corrupt")
            record(warning: "slice states of \(model) at \(start) are unreadable and are rebuilt: \(error)")
            try? store.deleteWindowState(model: model, windowStart: start, slice: KeptSlicesArchive.storedSlice)
            return nil
        }
    }

    /// Saves `state` when the policy asks for it: after a full pass, once the interval has passed since
    /// the window's last save, or on its first closed evaluation. A sliced window's kept slices are saved
    /// first, beside it, at the same positions (``KeptSlicesArchive``); a reader takes them only with a
    /// whole-model state of those positions, so a save cut between the two is never misread.
    func saveIfDue(
        _ state: WindowState, model: ModelName, start: Int64, full: Bool, partial: Bool, now: Int64,
        store: any StoragePort
    ) {
        let window = Window(model: model, start: start)
        let due = self.state.withLock { bookkeeping in
            if full || saveIntervalMilliseconds == 0 { return true }
            if !partial && !bookkeeping.savedClosed.contains(window) { return true }
            guard let last = bookkeeping.lastSaved[window] else { return true }
            return now - last >= saveIntervalMilliseconds
        }
        guard due else { return }
        /// Saves `bytes` as the row `slice` of the window at the state's positions; false (a warning
        /// recorded) when the store refuses.
        func save(_ bytes: [UInt8], slice: String, what: String) -> Bool {
            let stored = StoredWindowState(
                windowStart: start, slice: slice, referenceVersion: state.referenceVersion,
                settingsFingerprint: WindowStateArchive.settingsFingerprint(state.settings), sequence: state.sequence,
                labelSequence: state.labelSequence, savedAt: now, bytes: bytes)
            do {
                try store.saveWindowState(model: model, stored)
                return true
            } catch {
                record(warning: "\(what) of \(model) at \(start) could not be saved: \(error)")
                return false
            }
        }
        var bytesSaved = 0
        if let slices = state.slices {
            let bytes = KeptSlicesArchive.encode(slices, sequence: state.sequence, labelSequence: state.labelSequence)
            guard save(bytes, slice: KeptSlicesArchive.storedSlice, what: "slice states") else { return }
            bytesSaved += bytes.count
        }
        let bytes = WindowStateArchive.encode(state)
        guard save(bytes, slice: "", what: "window state") else { return }
        self.state.withLock { bookkeeping in
            bookkeeping.lastSaved[window] = now
            if !partial { bookkeeping.savedClosed.insert(window) }
            bookkeeping.forgetOldest()
            bookkeeping.report.saves += 1
            bookkeeping.report.bytesSaved += bytesSaved + bytes.count
        }
    }

    private func record(outcome: String) {
        state.withLock { $0.report.loads[outcome, default: 0] += 1 }
    }

    private func record(warning: String) {
        state.withLock { bookkeeping in
            if bookkeeping.report.warnings.count < Self.maxWarnings { bookkeeping.report.warnings.append(warning) }
        }
    }

    /// The most warnings kept between two drains (the rest are dropped: the log needs only a sample).
    static let maxWarnings = 100
}
