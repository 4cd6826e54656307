import DriftIngest
import Foundation

/// A random, valid batch of events as request bodies are written in the wild, with what the
/// generator knows to be true about it.
struct RandomBatch {
    /// What the generator put in one event, beyond what Foundation can check.
    struct Truth {
        var id: String
        var timestampMilliseconds: Int64
        var featureNames: [String]
    }

    var body: [UInt8]
    var format: BodyFormat
    var truths: [Truth]

    /// A batch of `1...maxEvents` events, framed as a JSON array, a wrapper object or NDJSON.
    static func make(seed: UInt64, maxEvents: Int = 40) -> RandomBatch {
        var text = JSONText(seed: seed)
        let framing = text.int(0...2)
        text.allowsLineFeeds = framing != 2
        let count = text.int(1...maxEvents)
        let shape = makeShape(&text)
        var truths: [Truth] = []
        var records: [String] = []
        for _ in 0..<count {
            let (record, truth) = makeEvent(&text, shape: shape)
            records.append(record)
            truths.append(truth)
        }
        var body: String
        switch framing {
        case 0:
            body =
                text.space() + "[" + text.space() + records.joined(separator: text.space() + "," + text.space())
                + text.space() + "]" + text.space()
        case 1:
            body =
                "{" + text.space() + "\"events\"" + text.space() + ":" + text.space() + "["
                + records.joined(separator: ",") + "]" + text.space() + "}"
        default:
            body = ""
            for record in records {
                if text.chance(0.1) { body += text.pick(["\n", "  \n", "\r\n", "\t\r\n"]) }
                body += text.space() + record + text.space() + (text.chance(0.3) ? "\r\n" : "\n")
            }
            if text.chance(0.3) { body.removeLast() }
        }
        var bytes = Array(body.utf8)
        if text.chance(0.05) { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        return RandomBatch(body: bytes, format: framing == 2 ? .ndjson : .json, truths: truths)
    }

    /// Distinct feature names for the batch (usually plain, sometimes unicode).
    private static func makeShape(_ text: inout JSONText) -> [String] {
        var names: [String] = []
        for index in 0..<text.int(0...30) {
            let name = text.chance(0.8) ? "f\(index)_\(text.int(0...999))" : text.randomName(maxLength: 10)
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    private static func makeEvent(_ text: inout JSONText, shape: [String]) -> (String, Truth) {
        var names = shape
        switch text.int(0...9) {
        case 0: names.shuffle(using: &text.random)
        case 1: names = names.filter { _ in text.chance(0.7) }
        case 2: names.append("extra_\(text.int(0...99))")
        default: break
        }
        if Set(names).count != names.count { names = shape }

        var members: [String] = []
        let id: String
        if text.chance(0.2) {
            id = String(text.int(0...4_000_000_000))
            members.append(member(&text, "id", id))
        } else {
            id = text.randomName(maxLength: 40)
            members.append(member(&text, "id", text.quoted(id)))
        }
        let (timestamp, millisecond) = makeTimestamp(&text)
        members.append(member(&text, "timestamp", timestamp))
        let features = names.map { name in
            text.quoted(name) + text.space() + ":" + text.space() + scalar(&text, nullable: true)
        }
        members.append(
            member(
                &text, "features",
                "{" + text.space() + features.joined(separator: "," + text.space()) + text.space() + "}"))
        members.append(member(&text, "prediction", scalar(&text, nullable: false)))
        if text.chance(0.7) {
            members.append(
                member(
                    &text, "score",
                    text.chance(0.1) ? "null" : text.spell(Double.random(in: 0...1, using: &text.random))))
        }
        if text.chance(0.5) { members.append(member(&text, "label", scalar(&text, nullable: true))) }
        if text.chance(0.4) {
            members.append(
                member(
                    &text, "model_version",
                    text.chance(0.1) ? "null" : text.quoted("v\(text.int(1...3)).\(text.int(0...9))")))
        }
        members.shuffle(using: &text.random)
        let record = "{" + text.space() + members.joined(separator: "," + text.space()) + text.space() + "}"
        return (record, Truth(id: id, timestampMilliseconds: millisecond, featureNames: names))
    }

    private static func member(_ text: inout JSONText, _ name: String, _ value: String) -> String {
        "\"\(name)\"" + text.space() + ":" + text.space() + value
    }

    /// A feature value, prediction or label.
    private static func scalar(_ text: inout JSONText, nullable: Bool) -> String {
        switch text.int(0...9) {
        case 0...4: return text.number()
        case 5, 6: return text.quoted(text.randomString(maxLength: 8, allowEmpty: true))
        case 7: return text.pick(["true", "false"])
        default: return nullable ? "null" : text.number()
        }
    }

    // MARK: Timestamps

    /// An RFC 3339 string or Unix seconds, and the milliseconds it stands for.
    static func makeTimestamp(_ text: inout JSONText) -> (String, Int64) {
        let wide = text.chance(0.1)
        var millisecond =
            wide
            ? Int64.random(in: 0...253_402_300_799_999, using: &text.random)
            : Int64.random(in: 946_684_800_000...2_082_758_400_000, using: &text.random)
        let fractionDigits = text.pick([0, 0, 1, 2, 3, 3, 3, 4, 6, 9])
        if fractionDigits < 3 {
            let unit = Int64([1000, 100, 10][fractionDigits])
            millisecond -= millisecond % unit
        }
        let extra = String((0..<max(0, fractionDigits - 3)).map { _ in Character(String(text.int(0...9))) })
        if text.chance(0.7) {
            return (rfc3339(&text, millisecond, fractionDigits: fractionDigits, extra: extra), millisecond)
        }
        return (unixSeconds(&text, millisecond, fractionDigits: fractionDigits, extra: extra), millisecond)
    }

    /// Written with Foundation's calendar in a random offset, independently of the parser's arithmetic.
    private static func rfc3339(_ text: inout JSONText, _ millisecond: Int64, fractionDigits: Int, extra: String)
        -> String
    {
        var offsetMinutes = text.chance(0.5) ? 0 : text.int(-14 * 60...14 * 60)
        // Keep the local date inside years 0000…9999.
        if millisecond < 86_400_000 * 2 || millisecond > 253_402_300_799_999 - 86_400_000 * 2 { offsetMinutes = 0 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)!
        let seconds = millisecond.quotientAndRemainder(dividingBy: 1000)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds.quotient))
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int, _ width: Int) -> String { String(format: "%0\(width)d", value) }
        var out = "\(pad(parts.year!, 4))-\(pad(parts.month!, 2))-\(pad(parts.day!, 2))"
        out += text.pick(["T", "T", "T", "t", " "])
        out += "\(pad(parts.hour!, 2)):\(pad(parts.minute!, 2)):\(pad(parts.second!, 2))"
        if fractionDigits > 0 { out += "." + String(pad(Int(seconds.remainder), 3).prefix(fractionDigits)) + extra }
        if offsetMinutes == 0 && text.chance(0.8) {
            out += text.pick(["Z", "Z", "z"])
        } else {
            let sign = offsetMinutes < 0 || (offsetMinutes == 0 && text.chance(0.5)) ? "-" : "+"
            out += "\(sign)\(pad(abs(offsetMinutes) / 60, 2)):\(pad(abs(offsetMinutes) % 60, 2))"
        }
        return text.quoted(out)
    }

    /// Unix seconds as a JSON number: plain, with a fraction, or with the point moved into an exponent.
    private static func unixSeconds(_ text: inout JSONText, _ millisecond: Int64, fractionDigits: Int, extra: String)
        -> String
    {
        let seconds = millisecond / 1000
        let fraction = String(format: "%03d", Int(millisecond % 1000)).prefix(fractionDigits)
        if millisecond < 1000 || text.chance(0.6) {
            return fractionDigits == 0 ? String(seconds) : "\(seconds).\(fraction)\(extra)"
        }
        // digits × 10^(−scale), rewritten as mantissa × 10^exponent.
        let digits = String(seconds) + fraction + extra
        let scale = fraction.count + extra.count
        let point = text.int(1...digits.count)
        var mantissa = String(digits.prefix(point))
        if point < digits.count { mantissa += "." + digits.dropFirst(point) }
        let exponent = (digits.count - point) - scale
        return mantissa + text.pick(["e", "E"]) + (exponent >= 0 && text.chance(0.5) ? "+" : "") + String(exponent)
    }
}
