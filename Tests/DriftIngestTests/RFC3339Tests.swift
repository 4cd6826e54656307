import DriftCore
import Foundation
import Testing

@Suite("RFC 3339 times")
struct RFC3339Tests {
    @Test(
        "known instants",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"),
            (1_767_571_200_000, "2026-01-05T00:00:00Z"),
            (1_767_574_800_000, "2026-01-05T01:00:00Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (1_767_571_200_120, "2026-01-05T00:00:00.120Z"),
            (253_402_300_799_000, "9999-12-31T23:59:59Z"),
        ])
    func known(milliseconds: Int64, text: String) {
        #expect(RFC3339.string(milliseconds: milliseconds) == text)
        #expect(RFC3339.milliseconds(text) == milliseconds)
    }

    @Test("instants before 1970 are written, and refused when read (no event is older than the epoch)")
    func beforeEpoch() {
        #expect(RFC3339.string(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.milliseconds("1969-12-31T23:59:59.999Z") == nil)
    }

    @Test("the forms RFC 3339 allows besides ours: offsets, lower case, a space for T")
    func otherForms() {
        let expected = RFC3339.milliseconds("2026-01-05T01:00:00Z")
        #expect(expected != nil)
        for text in ["2026-01-05T02:00:00+01:00", "2026-01-05t01:00:00z", "2026-01-05 01:00:00Z", "2026-01-04T20:30:00-04:30"] {
            #expect(RFC3339.milliseconds(text) == expected, "\(text)")
        }
    }

    @Test("formatting agrees with Foundation and round-trips")
    func roundTrip() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: 0...4_000_000_000, using: &generator)
            let text = RFC3339.string(milliseconds: seconds * 1_000)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: Double(seconds))))
            let milliseconds = seconds * 1_000 + Int64.random(in: 0..<1_000, using: &generator)
            #expect(RFC3339.milliseconds(RFC3339.string(milliseconds: milliseconds)) == milliseconds)
        }
    }

    @Test(
        "malformed text is refused",
        arguments: [
            "", "2026-01-05", "2026-01-05T00:00:00", "2026-01-05T00:00:00+1:00", "2026-13-05T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T00:00:00.Z", "2026-01-05T00:00:00.1xZ",
            "2026-01-05T00:00:00Zjunk",
        ])
    func malformed(text: String) {
        #expect(RFC3339.milliseconds(text) == nil)
    }

    @Test("fractions beyond milliseconds are truncated")
    func fractions() {
        #expect(RFC3339.milliseconds("2026-01-05T00:00:00.5Z") == 1_767_571_200_500)
        #expect(RFC3339.milliseconds("2026-01-05T00:00:00.123456789Z") == 1_767_571_200_123)
    }
}
