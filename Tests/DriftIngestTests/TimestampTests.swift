import DriftCore
import DriftIngest
import Testing

/// Timestamps: RFC 3339 strings (§5.6) and Unix seconds, to whole milliseconds.
@Suite struct TimestampTests {
    static func milliseconds(_ timestamp: String) throws -> Int64 {
        let body = "[" + Rejection.event(["timestamp": timestamp]) + "]"
        return try #require(try EventBatchParser().parse(Array(body.utf8), format: .json).first).timestampMilliseconds
    }

    static func refusal(_ timestamp: String) -> String? {
        Rejection.of("[" + Rejection.event(["timestamp": timestamp]) + "]")?.problems.first?.reason
    }

    // Reference values: `date -u -d '2026-01-05T01:00:00Z' +%s` = 1767574800.
    @Test(arguments: [
        (#""2026-01-05T01:00:00Z""#, Int64(1_767_574_800_000)),
        (#""2026-01-05t01:00:00z""#, 1_767_574_800_000),
        (#""2026-01-05 01:00:00Z""#, 1_767_574_800_000),
        (#""2026-01-05T02:00:00+01:00""#, 1_767_574_800_000),
        (#""2026-01-04T20:30:00-04:30""#, 1_767_574_800_000),
        (#""2026-01-05T01:00:00-00:00""#, 1_767_574_800_000),
        (#""2026-01-05T01:00:00.5Z""#, 1_767_574_800_500),
        (#""2026-01-05T01:00:00.25Z""#, 1_767_574_800_250),
        (#""2026-01-05T01:00:00.123999999Z""#, 1_767_574_800_123),  // truncated, not rounded
        (#""1970-01-01T00:00:00Z""#, 0),
        (#""1970-01-01T01:00:00+01:00""#, 0),
        (#""2024-02-29T00:00:00Z""#, 1_709_164_800_000),  // leap day
        (#""2000-02-29T12:00:00Z""#, 951_825_600_000),  // divisible by 400: leap
        (#""2016-12-31T23:59:60Z""#, 1_483_228_800_000),  // leap second: the next second
        (#""9999-12-31T23:59:59.999Z""#, 253_402_300_799_999),
        ("1767574800", 1_767_574_800_000),
        ("1767574800.123", 1_767_574_800_123),  // exact: 1767574800.123 as a double is …122.99990
        ("1767574800.1239", 1_767_574_800_123),
        ("1.767574800123e9", 1_767_574_800_123),
        ("1767574800123E-3", 1_767_574_800_123),
        ("17675748e2", 1_767_574_800_000),
        ("0", 0), ("-0", 0), ("0.0004", 0), ("1e-999", 0),
    ])
    func reads(_ timestamp: String, _ expected: Int64) throws {
        #expect(try Self.milliseconds(timestamp) == expected)
    }

    @Test(arguments: [
        (#""2026-01-05T01:00:00""#, "no time-zone offset; add Z"),
        (#""2026-01-05""#, "date but no time"),
        (#""2026-1-5T01:00:00Z""#, "expected an RFC 3339 date-time"),
        (#""2026-01-05T1:00:00Z""#, "expected an RFC 3339 date-time"),
        (#""2026-01-05T01:00Z""#, "expected an RFC 3339 date-time"),
        (#""2026-01-05T01:00:00.Z""#, "decimal point in the time must be followed by digits"),
        (#""2026-01-05T01:00:00+0100""#, "±HH:MM"),
        (#""2026-01-05T01:00:00+24:00""#, "out of range"),
        (#""2026-01-05T01:00:00Zjunk""#, "unexpected characters after"),
        (#""2026-00-05T01:00:00Z""#, "month 0 is out of range"),
        (#""2026-02-29T01:00:00Z""#, "day 29 does not exist in 2026-02"),
        (#""1900-02-29T01:00:00Z""#, "day 29 does not exist"),
        (#""2026-04-31T01:00:00Z""#, "day 31 does not exist"),
        (#""2026-01-05T24:00:00Z""#, "hour 24"),
        (#""2026-01-05T01:60:00Z""#, "minute 60"),
        (#""2026-01-05T01:00:61Z""#, "second 61"),
        (#""1969-12-31T23:59:59Z""#, "before 1970-01-01"),
        (#""1970-01-01T00:30:00+01:00""#, "before 1970-01-01"),
        (#""9999-12-31T23:59:59-01:00""#, "after 9999-12-31"),
        (#""1767574800""#, "expected an RFC 3339 date-time"),
        (#""""#, "expected an RFC 3339 date-time"),
        ("1767574800000", "if this is milliseconds, divide by 1000"),
        ("253402300800", "beyond 9999-12-31"),
        ("-1767574800", "must not be negative"),
        ("-0.5", "must not be negative"),
        ("1e999", "out of range"),  // not even a double
        ("null", "found null"),
    ])
    func refuses(_ timestamp: String, _ reason: String) throws {
        let refusal = try #require(Self.refusal(timestamp), "accepted \(timestamp)")
        #expect(refusal.contains(reason), "\(refusal)")
    }
}
