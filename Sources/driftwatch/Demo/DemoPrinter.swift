import DriftCore

/// Holds the receiver's lines while an hour is being streamed, so that each hour's progress line comes
/// first and the notifications it caused follow it; prints at once when not holding.
final class DemoPrinter: Sendable {
    private let state = Locked((holding: true, lines: [String]()))

    /// Prints `line` now, or after the next ``flush()`` while holding.
    func print(_ line: String) {
        let now = state.withLock { state -> Bool in
            if state.holding { state.lines.append(line) }
            return !state.holding
        }
        if now { say(line) }
    }

    /// Prints the held lines.
    func flush() {
        for line in state.withLock({ state -> [String] in
            defer { state.lines = [] }
            return state.lines
        }) {
            say(line)
        }
    }

    /// Stops holding: prints what is held and every later line at once.
    func release() {
        state.withLock { $0.holding = false }
        flush()
    }
}
