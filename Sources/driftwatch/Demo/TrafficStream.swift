import DriftCore
import DriftEvaluation
import Foundation

/// Streams the simulated hours through the HTTP API: each hour's events, the labels that are due (those of
/// the events ``labelDelay(of:)`` hours earlier), then moves the clock past the hour's end and its allowed lateness and waits
/// until the server has evaluated the window. Prints one line per hour.
struct TrafficStream {
    /// What was sent.
    struct Totals {
        var hours = 0
        var events = 0
        var labels = 0
        /// Of `events`, the shadow's.
        var shadowEvents = 0
        /// Rule name → the earliest `fired_at` (milliseconds on the demo's clock) seen while streaming.
        var firstFired: [String: Int64] = [:]
    }

    let client: DemoClient
    let clock: Locked<Int64>
    let hours: Int
    let eventsPerHour: Int
    let seed: UInt64
    let say: @Sendable (String) -> Void
    /// Prints the receiver's lines held during the hour.
    let flushReceiver: @Sendable () -> Void

    private var model: String { DemoCommand.model }

    func phase(of hour: Int) -> LoanTraffic.Phase {
        hour < hours / 3 ? .stable : hour < 2 * hours / 3 ? .covariateDrift : .conceptDrift
    }

    /// The first hour of the concept-drift phase.
    var conceptDriftStart: Int { 2 * hours / 3 }

    /// The hour from which the early region's inputs drift: halfway through the stable phase.
    var regionDriftStart: Int { hours / 6 }

    /// How many hours after its events a phase's labels arrive: the concept-drift phase's labels come
    /// later (defaults take longer to show), so that estimated performance has hours to lead.
    static func labelDelay(of phase: LoanTraffic.Phase) -> Int {
        phase == .conceptDrift ? DemoCommand.conceptDriftLabelDelayHours : DemoCommand.labelDelayHours
    }

    func run() async throws -> Totals {
        var traffic = LoanTraffic(seed: seed)
        // Due hour → (the hour of the events, their labels).
        var pendingLabels: [Int: [(hour: Int, labels: [(String, Int)])]] = [:]
        var totals = Totals()
        say(
            "streaming \(hours) simulated hours (\(eventsPerHour) events each; labels arrive \(DemoCommand.labelDelayHours) h "
                + "late, \(DemoCommand.conceptDriftLabelDelayHours) h in the concept-drift phase)")
        for hour in 0..<hours {
            let start = DemoCommand.origin + Int64(hour) * DemoCommand.hour
            let phase = phase(of: hour)
            var lines: [String] = []
            var labels: [(String, Int)] = []
            for index in 0..<eventsPerHour {
                let timestamp = (start + Int64(index) * DemoCommand.hour / Int64(eventsPerHour)) / 1000
                let draw = traffic.event(
                    id: "h\(hour)-e\(index)", timestamp: timestamp, phase: phase,
                    regionDriftStarted: hour >= regionDriftStart)
                lines.append(contentsOf: draw.lines)
                totals.shadowEvents += draw.lines.count - 1
                labels.append((draw.id, draw.label))
            }
            pendingLabels[hour + Self.labelDelay(of: phase), default: []].append((hour, labels))
            try await client.expect(
                202, "POST", "/v1/models/\(model)/events", body: Data(lines.joined(separator: "\n").utf8),
                contentType: "application/x-ndjson")
            totals.events += lines.count
            var labelNote = "labels pending"
            let due = pendingLabels.removeValue(forKey: hour) ?? []
            for batch in due {
                try await postLabels(batch.labels)
                totals.labels += batch.labels.count
            }
            clock.withLock { $0 = start + DemoCommand.hour + 6 * 60_000 }
            let window = try await waitForWindow(start: start)
            if let labelled = due.map(\.hour).max() {
                let labelledStart = DemoCommand.origin + Int64(labelled) * DemoCommand.hour
                if let accuracy = try await accuracy(windowStart: labelledStart) {
                    labelNote =
                        "accuracy \(String(format: "%.3f", accuracy)) at \(Self.clockText(labelledStart).suffix(5))"
                }
            }
            if let estimate = (window["estimated_performance"] as? [String: Any])?["accuracy"] as? Double {
                labelNote = "estimated \(String(format: "%.3f", estimate)), " + labelNote
            }
            let alerts = try await client.expect(200, "GET", "/v1/alerts?model=\(model)&state=firing")
            let firingAlerts = alerts["alerts"] as? [[String: Any]] ?? []
            let firing = firingAlerts.count
            for alert in firingAlerts {
                guard let rule = alert["rule"] as? String,
                    let firedAt = (alert["fired_at"] as? String).flatMap(RFC3339.milliseconds)
                else { continue }
                totals.firstFired[rule] = min(totals.firstFired[rule] ?? firedAt, firedAt)
            }
            say(progressLine(hour: hour, start: start, phase: phase, window: window, labels: labelNote, firing: firing))
            // This hour's notifications, as the receiver got them.
            try await waitForDeliveries(timeout: .seconds(5))
            flushReceiver()
            totals.hours += 1
        }
        // The last hours' labels arrive after the traffic; the windows they join are re-evaluated.
        let late = pendingLabels.keys.sorted().flatMap { pendingLabels[$0] ?? [] }
        for batch in late {
            try await postLabels(batch.labels)
            totals.labels += batch.labels.count
        }
        try await waitUntilLabelled(hours: late.map(\.hour).sorted())
        return totals
    }

    private func postLabels(_ labels: [(String, Int)]) async throws {
        let body = labels.map { #"{"id":"\#($0.0)","label":\#($0.1)}"# }.joined(separator: "\n")
        try await client.expect(
            202, "POST", "/v1/models/\(model)/labels", body: Data(body.utf8), contentType: "application/x-ndjson")
    }

    /// Waits (at most 20 s) until the window starting at `start` is evaluated as complete.
    private func waitForWindow(start: Int64) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let list = try await client.expect(200, "GET", "/v1/models/\(model)/windows?from=\(start / 1000)")
            if let window = (list["windows"] as? [[String: Any]])?.first,
                window["partial"] as? Bool == false
            {
                // One more loop so that the alert pass after this evaluation has run too.
                try await Task.sleep(for: .milliseconds(40))
                return window
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw DemoClient.Failure(description: "the window at \(Self.clockText(start)) was not evaluated within 20 s")
    }

    private func waitUntilLabelled(hours: [Int]) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        for hour in hours {
            let start = DemoCommand.origin + Int64(hour) * DemoCommand.hour
            while ContinuousClock.now < deadline {
                let list = try await client.expect(200, "GET", "/v1/models/\(model)/windows?from=\(start / 1000)")
                if let window = (list["windows"] as? [[String: Any]])?.first, (window["labelled"] as? Int ?? 0) > 0 {
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await Task.sleep(for: .milliseconds(100))
    }

    /// The accuracy of the window starting at `windowStart`, once its labels have been evaluated.
    private func accuracy(windowStart: Int64) async throws -> Double? {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let list = try await client.expect(200, "GET", "/v1/models/\(model)/windows?from=\(windowStart / 1000)")
            if let window = (list["windows"] as? [[String: Any]])?.first,
                let accuracy = (window["performance"] as? [String: Any])?["accuracy"] as? Double,
                (window["labelled"] as? Int ?? 0) >= eventsPerHour
            {
                return accuracy
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Waits (at most `timeout`) until the outbox has nothing pending.
    func waitForDeliveries(timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let alerts = try await client.expect(200, "GET", "/v1/alerts")
            if ((alerts["outbox"] as? [String: Int])?["pending"] ?? 0) == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func progressLine(
        hour: Int, start: Int64, phase: LoanTraffic.Phase, window: [String: Any], labels: String, firing: Int
    ) -> String {
        let features = window["features"] as? [String: [String: Any]] ?? [:]
        let drifted = features.values.filter { $0["drift"] as? Bool == true }.count
        let decided = features.values.filter { $0["drift"] != nil }.count
        let phaseText = phase.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
        let number = String(hour + 1).leftPadded(to: String(hours).count)
        return
            "hour \(number)/\(hours)  \(Self.clockText(start))  \(phaseText)  \(window["count"] as? Int ?? 0) events  "
            + "drifted \(drifted)/\(decided)  \(labels)  alerts firing: \(firing)"
    }

    /// `2026-01-05 03:00` for a time in milliseconds.
    static func clockText(_ milliseconds: Int64) -> String {
        RFC3339.string(milliseconds: milliseconds).prefix(16).replacingOccurrences(of: "T", with: " ")
    }
}

extension String {
    /// The string with spaces in front, at least `width` characters long.
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
