import DriftCore
import GRDB

/// The change log (table `change_log`): for each write transaction that stored events or joined
/// labels, the minutes of event time it touched, numbered by an ever-increasing sequence.
///
/// One row per (transaction, minute) rather than per event keeps the log small (a batch of 500 live
/// events usually touches one or two minutes) while still telling an evaluator exactly which windows
/// of a minute-multiple size changed; a window size below a minute gets every window of a touched
/// minute, a superset.
package enum ChangeLog {
    static let minuteMilliseconds: Int64 = 60_000

    /// The minute number of an event time (floor division, also for times before 1970).
    package static func minute(of timestamp: Int64) -> Int64 {
        floorDivide(timestamp, minuteMilliseconds)
    }

    package static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// Records the touched minutes of one transaction.
    static func record(minutes: Set<Int64>, modelID: Int64, receivedAt: Int64, in db: Database) throws {
        guard !minutes.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO change_log (model_id, received_at, minute) VALUES (?, ?, ?)")
        for minute in minutes.sorted() {
            try statement.execute(arguments: [modelID, receivedAt, minute])
        }
    }

    /// The windows of `windowMilliseconds` (aligned to the epoch) that contain a minute logged for the
    /// model after `afterSequence`.
    static func touchedWindows(
        modelID: Int64, windowMilliseconds: Int64, afterSequence: Int64, in db: Database
    ) throws -> TouchedWindows {
        let last =
            try Int64.fetchOne(
                db, sql: "SELECT MAX(seq) FROM change_log WHERE model_id = ? AND seq > ?",
                arguments: [modelID, afterSequence]) ?? afterSequence
        let minutes = try Int64.fetchAll(
            db, sql: "SELECT DISTINCT minute FROM change_log WHERE model_id = ? AND seq > ? AND seq <= ?",
            arguments: [modelID, afterSequence, last])
        return TouchedWindows(windowStarts: windowStarts(ofMinutes: minutes, windowMilliseconds: windowMilliseconds), lastSequence: last)
    }

    /// The starts of the windows of `windowMilliseconds` (aligned to the epoch) that contain one of `minutes`.
    package static func windowStarts(ofMinutes minutes: [Int64], windowMilliseconds: Int64) -> [Int64] {
        var starts: Set<Int64> = []
        for minute in minutes {
            let first = minute * minuteMilliseconds
            let lastMillisecond = first + minuteMilliseconds - 1
            var start = floorDivide(first, windowMilliseconds) * windowMilliseconds
            while start <= lastMillisecond {
                starts.insert(start)
                start += windowMilliseconds
            }
        }
        return starts.sorted()
    }
}
