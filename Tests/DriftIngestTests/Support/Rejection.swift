import DriftCore
import DriftIngest

/// Helpers to look at how a body is refused.
enum Rejection {
    /// A well-formed event with one member replaced (or added) by `member: value` text.
    static func event(_ overrides: [String: String] = [:], removing removed: Set<String> = []) -> String {
        var members: [(String, String)] = [
            ("id", "\"e1\""), ("timestamp", "\"2026-01-05T01:00:00Z\""), ("features", "{\"age\":42,\"city\":\"Lyon\"}"),
            ("prediction", "1"),
        ]
        members.removeAll { removed.contains($0.0) }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            if let index = members.firstIndex(where: { $0.0 == name }) {
                members[index].1 = value
            } else {
                members.append((name, value))
            }
        }
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// The error for `body`, or nil if it parses.
    static func of(_ body: [UInt8], format: BodyFormat = .json, limits: Limits = Limits()) -> IngestError? {
        do {
            _ = try EventBatchParser(limits: limits).parse(body, format: format)
            return nil
        } catch {
            return error
        }
    }

    static func of(_ body: String, format: BodyFormat = .json, limits: Limits = Limits()) -> IngestError? {
        of(Array(body.utf8), format: format, limits: limits)
    }

    /// The error for a JSON array holding `event` (as raw bytes).
    static func ofEvent(_ event: [UInt8], limits: Limits = Limits()) -> IngestError? {
        of(Array("[".utf8) + event + Array("]".utf8), limits: limits)
    }
}
