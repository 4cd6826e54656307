import DriftAlerting
import Testing

/// Table-driven: a sequence of breach / no-breach windows and the status expected after each one.
@Suite struct AlertStateMachineTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var forWindows: Int
        /// One character per window: `B` breaches, `.` does not.
        var windows: String
        /// Expected status after each window: i(nactive) p(ending) f(iring) r(esolved).
        var statuses: String
        /// Expected entered status per window, `-` for no change.
        var entered: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "for 1 fires on the first breach", forWindows: 1, windows: "B", statuses: "f", entered: "f"),
        Case(
            name: "pending until for windows, then firing", forWindows: 3, windows: "BBBB", statuses: "ppff",
            entered: "p-f-"),
        Case(name: "pending drops back to inactive", forWindows: 2, windows: "B.B.", statuses: "pipi", entered: "pipi"),
        Case(name: "firing resolves, then stays resolved", forWindows: 2, windows: "BB..", statuses: "pfrr", entered: "pfr-"),
        Case(name: "flapping with for 1 fires and resolves each time", forWindows: 1, windows: "B.B.", statuses: "frfr", entered: "frfr"),
        Case(name: "flapping with for 2 never fires", forWindows: 2, windows: "B.B.B.", statuses: "pipipi", entered: "pipipi"),
        Case(name: "resolved alert fires again after for windows", forWindows: 2, windows: "BB.BB", statuses: "pfrpf", entered: "pfrpf"),
        Case(name: "quiet windows change nothing", forWindows: 1, windows: "...", statuses: "iii", entered: "---"),
    ]

    private static func status(_ letter: Character) -> AlertStatus {
        switch letter {
        case "p": .pending
        case "f": .firing
        case "r": .resolved
        default: .inactive
        }
    }

    @Test(arguments: cases)
    func sequence(_ testCase: Case) {
        var state = AlertState.initial(AlertKey(rule: "r", model: "m", feature: "f"))
        let hour: Int64 = 3_600_000
        for (index, (window, expected)) in zip(testCase.windows, zip(testCase.statuses, testCase.entered)).enumerated() {
            let start = Int64(index) * hour
            let observation = AlertObservation(
                windowStart: start, windowEnd: start + hour, value: window == "B" ? 0.5 : 0.01, breached: window == "B")
            let (next, entered) = AlertStateMachine.step(
                state, observation: observation, forWindows: testCase.forWindows, now: start + hour + 300_000)
            #expect(next.status == Self.status(expected.0), "window \(index) of \(testCase.name)")
            #expect(entered == (expected.1 == "-" ? nil : Self.status(expected.1)), "window \(index) of \(testCase.name)")
            if entered == .firing { #expect(next.firedAt == start + hour + 300_000) }
            if entered == .resolved { #expect(next.resolvedAt == start + hour + 300_000) }
            state = next
        }
    }

    @Test func aWindowIsConsumedOnce() {
        var state = AlertState.initial(AlertKey(rule: "r", model: "m", feature: nil))
        let observation = AlertObservation(windowStart: 0, windowEnd: 10, value: 1, breached: true)
        state = AlertStateMachine.step(state, observation: observation, forWindows: 2, now: 20).state
        let again = AlertStateMachine.step(state, observation: observation, forWindows: 2, now: 30)
        #expect(again.state == state)
        #expect(again.entered == nil)
        #expect(state.breaches == 1)
        let older = AlertObservation(windowStart: -10, windowEnd: 0, value: 1, breached: true)
        #expect(AlertStateMachine.step(state, observation: older, forWindows: 2, now: 30).state.breaches == 1)
    }

    @Test func repeatIsDueAfterTheInterval() {
        var state = AlertState.initial(AlertKey(rule: "r", model: "m", feature: nil))
        state.status = .firing
        state.lastNotifiedAt = 1_000
        #expect(!AlertStateMachine.isRepeatDue(state, now: 1_999, repeatIntervalMilliseconds: 1_000))
        #expect(AlertStateMachine.isRepeatDue(state, now: 2_000, repeatIntervalMilliseconds: 1_000))
        state.status = .resolved
        #expect(!AlertStateMachine.isRepeatDue(state, now: 5_000, repeatIntervalMilliseconds: 1_000))
    }
}
