public import DriftCore

/// Decides which windows are due, as a pure function of the time, the settings and what the store says.
///
/// A window is *final* once it has ended and waited out the allowed lateness (end + lateness ≤ now).
/// A candidate window is due when:
/// - it has no stored result: evaluated (as partial while not final). Windows with new events come from
///   the change log; besides them, every closed window without a result after the latest final one
///   (back to the lateness horizon) is evaluated too, so that a silent hour reports a volume of 0;
/// - its stored result is partial: evaluated again when its data changed, or once it has become final;
/// - its stored result is final: evaluated again when its data changed (a late event or label) and its
///   end lies within the lateness horizon (end > now − horizon).
///
/// At most ``maximumEmptyWindows`` empty windows are filled in per call, oldest first; the next call
/// goes on from there (a service that was down for days with 1-minute windows catches up gradually).
public struct DuePlanner: Sendable {
    /// The evaluation settings of the model.
    public var settings: EvaluationSettings

    /// The most empty windows one plan fills in.
    public static let maximumEmptyWindows = 1_000

    public init(settings: EvaluationSettings) {
        self.settings = settings
    }

    /// The windows due at `now`, oldest first.
    ///
    /// - Parameters:
    ///   - now: the time, in milliseconds since the Unix epoch.
    ///   - touched: starts of the windows whose events or labels changed since the last evaluation.
    ///   - stored: the stored results of the touched windows, of every partial window and of the windows
    ///     in the gap range (others may be given too), by start.
    ///   - gapStart: the first window that empty closed windows are filled in from (the window after
    ///     the latest final one, or the window of the earliest event); nil when the model has no events.
    public func plan(now: Int64, touched: [Int64], stored: [Int64: WindowResultStatus], gapStart: Int64?)
        -> [PlannedWindow]
    {
        let grid = WindowGrid(size: settings.windowMilliseconds)
        let lateness = settings.allowedLatenessMilliseconds
        let lastFinal = grid.lastFinalStart(now: now, lateness: lateness)
        let touchedSet = Set(touched)
        var candidates = touchedSet
        for (start, status) in stored where status.partial { candidates.insert(start) }
        if let gapStart {
            let horizonStart = grid.start(of: now - settings.latenessHorizonMilliseconds)
            var start = Swift.max(grid.start(of: gapStart), horizonStart)
            var filled = 0
            while start <= lastFinal && filled < Self.maximumEmptyWindows {
                if stored[start] == nil && !touchedSet.contains(start) {
                    candidates.insert(start)
                    filled += 1
                }
                start += grid.size
            }
        }
        var due: [PlannedWindow] = []
        for start in candidates.sorted() {
            let end = grid.end(ofWindowStartingAt: start)
            let isFinal = start <= lastFinal
            let changed = touchedSet.contains(start)
            guard let status = stored[start] else {
                due.append(PlannedWindow(start: start, end: end, partial: !isFinal, referenceVersion: nil))
                continue
            }
            let isDue =
                status.partial
                ? changed || isFinal
                : changed && end > now - settings.latenessHorizonMilliseconds
            if isDue {
                due.append(
                    PlannedWindow(start: start, end: end, partial: !isFinal, referenceVersion: status.referenceVersion))
            }
        }
        return due
    }
}
