import DriftEvaluation
import Foundation
import Testing

@Suite("RFC 3339 times")
struct RFC3339TimeTests {
    @Test(
        "known instants",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"),
            (1_767_571_200_000, "2026-01-05T00:00:00Z"),
            (1_767_574_800_000, "2026-01-05T01:00:00Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (1_767_571_200_120, "2026-01-05T00:00:00.120Z"),
            (253_402_300_799_000, "9999-12-31T23:59:59Z"),
        ])
    func known(milliseconds: Int64, text: String) {
        #expect(RFC3339Time.string(milliseconds: milliseconds) == text)
        #expect(RFC3339Time.milliseconds(text) == milliseconds)
    }

    @Test("formatting agrees with Foundation and round-trips")
    func roundTrip() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let text = RFC3339Time.string(milliseconds: seconds * 1_000)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: Double(seconds))))
            let milliseconds = seconds * 1_000 + Int64.random(in: 0..<1_000, using: &generator)
            #expect(RFC3339Time.milliseconds(RFC3339Time.string(milliseconds: milliseconds)) == milliseconds)
        }
    }

    @Test(
        "malformed text is refused",
        arguments: [
            "", "2026-01-05", "2026-01-05T00:00:00", "2026-01-05T00:00:00+01:00", "2026-13-05T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T00:00:00.Z", "2026-01-05T00:00:00.1xZ",
            "2026-01-05 00:00:00Z",
        ])
    func malformed(text: String) {
        #expect(RFC3339Time.milliseconds(text) == nil)
    }

    @Test("fractions beyond milliseconds are truncated")
    func fractions() {
        #expect(RFC3339Time.milliseconds("2026-01-05T00:00:00.5Z") == 1_767_571_200_500)
        #expect(RFC3339Time.milliseconds("2026-01-05T00:00:00.123456789Z") == 1_767_571_200_123)
    }
}
