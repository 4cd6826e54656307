import DriftCore
import DriftIngest
import Testing

/// `latency_ms` on events (API.md, "Serving metrics and model status"): optional, a number ≥ 0.
@Suite struct LatencyFieldTests {
    private func parse(_ events: [String]) throws -> [Event] {
        try EventBatchParser(limits: Limits()).parse(Array("[\(events.joined(separator: ","))]".utf8), format: .json)
    }

    @Test("latency_ms is read in any position, absent when missing or null")
    func accepted() throws {
        let events = try parse([
            Rejection.event(["latency_ms": "12.5"]), Rejection.event(["id": "\"e2\""]),
            Rejection.event(["id": "\"e3\"", "latency_ms": "null"]),
            Rejection.event(["id": "\"e4\"", "latency_ms": "0"]),
            Rejection.event(["id": "\"e5\"", "latency_ms": "-0"]),
            Rejection.event(["id": "\"e6\"", "latency_ms": "3e4"]),
        ])
        #expect(events.map(\.latencyMilliseconds) == [12.5, nil, nil, 0, 0, 30_000])
        #expect(events[4].latencyMilliseconds?.sign == .plus, "-0 is stored as 0")
    }

    @Test(
        "a latency that is not a number of milliseconds ≥ 0 is a 422 naming the line and field",
        arguments: ["-1", "-0.001", "\"12\"", "true", "[1]", "{}"])
    func refused(value: String) throws {
        let body = "[" + Rejection.event() + "," + Rejection.event(["id": "\"e2\"", "latency_ms": value]) + "]"
        let error = try #require(Rejection.of(body))
        #expect(error.status == 422, "\(error)")
        let problem = try #require(error.problems.first)
        #expect(problem.index == 1)
        #expect(problem.field == "latency_ms")
    }

    @Test("beyond a double's range, or written twice, the body is malformed (400), as for every number")
    func malformed() throws {
        #expect(Rejection.ofEvent(Array(Rejection.event(["latency_ms": "1e999"]).utf8))?.status == 400)
        let twice = Rejection.event(["latency_ms": "1"]).dropLast() + ",\"latency_ms\":2}"
        #expect(Rejection.ofEvent(Array(twice.utf8))?.status == 400)
    }

    @Test("a near miss is suggested")
    func suggestion() throws {
        let error = try #require(Rejection.ofEvent(Array(Rejection.event(["latency": "5"]).utf8)))
        #expect(error.problems.first?.reason.contains("did you mean \"latency_ms\"") == true, "\(error)")
    }
}
