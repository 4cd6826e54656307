import DriftEvaluation
import DriftCore
import DriftStore
import Testing

@Suite("Due planner")
struct DuePlannerTests {
    private let hour = EvaluationSettings.hour
    private let minute = EvaluationSettings.minute
    /// 2026-01-05T00:00:00Z.
    private let t0: Int64 = 1_767_571_200_000

    private func status(_ start: Int64, partial: Bool, version: Int = 1) -> WindowResultStatus {
        WindowResultStatus(
            start: start, end: start + hour, referenceVersion: version, partial: partial, evaluatedAt: 0,
            evaluations: 1)
    }

    private var planner: DuePlanner { DuePlanner(settings: EvaluationSettings()) }

    @Test("a window becomes final exactly at end + allowed lateness")
    func finalAtLateness() {
        let atLateness = planner.plan(now: t0 + hour + 5 * minute, touched: [t0], stored: [:], gapStart: nil)
        #expect(atLateness == [PlannedWindow(start: t0, end: t0 + hour, partial: false, referenceVersion: nil)])
        let before = planner.plan(now: t0 + hour + 5 * minute - 1, touched: [t0], stored: [:], gapStart: nil)
        #expect(before.map(\.partial) == [true])
    }

    @Test("an unchanged partial window waits until it is final")
    func partialWaits() {
        let stored = [t0: status(t0, partial: true)]
        #expect(planner.plan(now: t0 + 30 * minute, touched: [], stored: stored, gapStart: t0).isEmpty)
        let closed = planner.plan(now: t0 + 2 * hour, touched: [], stored: stored, gapStart: t0)
        #expect(closed == [PlannedWindow(start: t0, end: t0 + hour, partial: false, referenceVersion: 1)])
    }

    @Test("a changed partial window is evaluated again while open")
    func partialChanged() {
        let plan = planner.plan(
            now: t0 + 30 * minute, touched: [t0], stored: [t0: status(t0, partial: true, version: 3)], gapStart: t0)
        #expect(plan == [PlannedWindow(start: t0, end: t0 + hour, partial: true, referenceVersion: 3)])
    }

    @Test("a final window is re-evaluated only when touched within the lateness horizon")
    func horizon() {
        let stored = [t0: status(t0, partial: false)]
        #expect(planner.plan(now: t0 + 2 * hour, touched: [], stored: stored, gapStart: nil).isEmpty)
        let end = t0 + hour
        let inside = planner.plan(now: end + 7 * EvaluationSettings.day - 1, touched: [t0], stored: stored, gapStart: nil)
        #expect(inside.map(\.start) == [t0])
        let outside = planner.plan(now: end + 7 * EvaluationSettings.day, touched: [t0], stored: stored, gapStart: nil)
        #expect(outside.isEmpty)
    }

    @Test("closed empty windows after the gap start are filled in, up to the horizon and the cap")
    func gaps() {
        let plan = planner.plan(now: t0 + 5 * hour, touched: [t0 + 2 * hour], stored: [:], gapStart: t0)
        #expect(plan.map(\.start) == [t0, t0 + hour, t0 + 2 * hour, t0 + 3 * hour])
        #expect(plan.allSatisfy { !$0.partial })
        let minuteWindows = DuePlanner(settings: EvaluationSettings(windowMilliseconds: minute))
        let capped = minuteWindows.plan(now: t0 + 2 * EvaluationSettings.day, touched: [], stored: [:], gapStart: t0)
        #expect(capped.count == DuePlanner.maximumEmptyWindows)
        #expect(capped.first?.start == t0)
        let horizonBound = planner.plan(now: t0 + 30 * EvaluationSettings.day, touched: [], stored: [:], gapStart: t0)
        #expect(horizonBound.first?.start == t0 + 23 * EvaluationSettings.day)
    }

    @Test("windows are epoch-aligned and half-open, also before 1970")
    func grid() {
        let grid = WindowGrid(size: hour)
        #expect(grid.start(of: t0) == t0)
        #expect(grid.start(of: t0 - 1) == t0 - hour)
        #expect(grid.start(of: -1) == -hour)
        #expect(grid.start(of: 0) == 0)
        #expect(grid.lastFinalStart(now: t0 + hour + 5 * minute, lateness: 5 * minute) == t0)
        #expect(grid.lastFinalStart(now: t0 + hour + 5 * minute - 1, lateness: 5 * minute) == t0 - hour)
    }
}
