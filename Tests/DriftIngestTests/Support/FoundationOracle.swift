import DriftCore
import DriftIngest
import Foundation

/// Foundation's reading of a batch, as the independent truth the parser is compared with.
///
/// `JSONSerialization` parses the body (or each NDJSON line); its objects are then checked member
/// by member against the parser's events: strings by their exact UTF-8, doubles by their bits,
/// integers exactly, booleans and nulls by kind. Timestamps are checked against an independent
/// RFC 3339 reading built on Foundation's Gregorian calendar, or against the generator's truth.
enum FoundationOracle {
    /// One record as Foundation reads it, twice: `JSONSerialization`'s objects, and `JSONDecoder`'s
    /// reading of the same text, used for numbers that JSONSerialization keeps as `NSDecimalNumber`
    /// (its conversion of those to a double is not correctly rounded).
    struct Record {
        var object: Any
        var decoded: JSONValue?
    }

    /// The records Foundation finds in the body, or nil when it refuses the body.
    static func records(_ body: [UInt8], format: BodyFormat, wrapperKey: String = "events") -> [Record]? {
        switch format {
        case .json:
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) else { return nil }
            let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(body))
            var values: [JSONValue]?
            switch decoded {
            case .array(let array)?: values = array
            case .object(let members)?: if case .array(let array)? = members[wrapperKey] { values = array }
            default: break
            }
            let array: [Any]
            if let elements = object as? [Any] {
                array = elements
            } else if let wrapper = object as? [String: Any], wrapper.count == 1,
                let elements = wrapper[wrapperKey] as? [Any]
            {
                array = elements
            } else {
                return nil
            }
            return array.enumerated().map { Record(object: $0.element, decoded: values?[$0.offset]) }
        case .ndjson:
            var lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.first?.starts(with: [0xEF, 0xBB, 0xBF]) == true { lines[0] = lines[0].dropFirst(3) }
            var records: [Record] = []
            for line in lines where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else { return nil }
                records.append(
                    Record(object: object, decoded: try? JSONDecoder().decode(JSONValue.self, from: Data(line))))
            }
            return records
        }
    }

    /// Differences between `events` and Foundation's `records`; empty when they agree.
    static func differences(_ events: [Event], _ records: [Record], truths: [RandomBatch.Truth]? = nil) -> [String] {
        guard events.count == records.count else { return ["count \(events.count) vs Foundation's \(records.count)"] }
        var found: [String] = []
        for (index, (event, record)) in zip(events, records).enumerated() {
            for difference in differences(event, record, truth: truths?[index]) {
                found.append("event \(index): \(difference)")
            }
        }
        return found
    }

    static func differences(_ event: Event, _ record: Record, truth: RandomBatch.Truth?) -> [String] {
        guard let object = record.object as? [String: Any] else { return ["Foundation has no object"] }
        var decoded: [String: JSONValue] = [:]
        if case .object(let members)? = record.decoded { decoded = members }
        var found: [String] = []
        let known: Set<String> = ["id", "timestamp", "features", "prediction", "score", "label", "model_version"]
        if !Set(object.keys).isSubset(of: known) { found.append("Foundation sees members \(object.keys.sorted())") }

        // id: a string, or an integer standing for its digits.
        switch object["id"] {
        case let text as String:
            if Array(text.utf8) != Array(event.id.utf8) {
                found.append("id \(event.id.debugDescription) vs \(text.debugDescription)")
            }
        case let number as NSNumber where !isBool(number):
            if Int64(event.id) != number.int64Value { found.append("id \(event.id) vs \(number)") }
        default: found.append("id: Foundation has \(String(describing: object["id"]))")
        }
        if let truth, truth.id != event.id { found.append("id \(event.id) vs generated \(truth.id)") }

        // timestamp
        if let truth {
            if event.timestampMilliseconds != truth.timestampMilliseconds {
                found.append("timestamp \(event.timestampMilliseconds) vs generated \(truth.timestampMilliseconds)")
            }
        }
        switch object["timestamp"] {
        case let text as String:
            let expected = ReferenceRFC3339.milliseconds(text)
            if expected != event.timestampMilliseconds {
                found.append(
                    "timestamp \(text.debugDescription): \(event.timestampMilliseconds) vs reference \(String(describing: expected))"
                )
            }
        case let number as NSNumber where !isBool(number):
            // The double has lost the exact decimal: the truncated milliseconds are below its
            // product by less than one, give or take the product's rounding.
            let product = number.doubleValue * 1000
            if abs(Double(event.timestampMilliseconds) - product) > 1 + 4 * product.ulp {
                found.append("timestamp \(event.timestampMilliseconds) vs Foundation's \(number.doubleValue) s")
            }
        default: found.append("timestamp: Foundation has \(String(describing: object["timestamp"]))")
        }

        // features, as a dictionary (JSONSerialization does not keep order); order against the truth.
        if let features = object["features"] as? [String: Any] {
            var decodedFeatures: [String: JSONValue] = [:]
            if case .object(let members)? = decoded["features"] { decodedFeatures = members }
            if features.count != event.features.count {
                found.append("\(event.features.count) features vs Foundation's \(features.count)")
            }
            for feature in event.features {
                guard let value = features[feature.name] else {
                    found.append("feature \(feature.name.debugDescription) not in Foundation's")
                    continue
                }
                if let difference = difference(feature.value, value, decodedFeatures[feature.name]) {
                    found.append("features.\(feature.name): \(difference)")
                }
            }
            if let truth, truth.featureNames.map({ Array($0.utf8) }) != event.features.map({ Array($0.name.utf8) }) {
                found.append("feature order \(event.features.map(\.name)) vs generated \(truth.featureNames)")
            }
        } else {
            found.append("features: Foundation has \(String(describing: object["features"]))")
        }

        func compare(_ name: String, _ mine: ScalarValue?, nullIsAbsent: Bool) -> [String] {
            optionalDifference(name, mine, object[name], decoded[name], nullIsAbsent: nullIsAbsent)
        }
        found += compare("prediction", event.prediction, nullIsAbsent: false)
        found += compare("label", event.label, nullIsAbsent: true)
        found += compare("score", event.score.map(ScalarValue.number), nullIsAbsent: true)
        found += compare("model_version", event.modelVersion.map(ScalarValue.string), nullIsAbsent: true)
        return found
    }

    private static func optionalDifference(
        _ name: String, _ mine: ScalarValue?, _ theirs: Any?, _ decoded: JSONValue?, nullIsAbsent: Bool
    ) -> [String] {
        switch (mine, theirs) {
        case (nil, nil): return []
        case (nil, is NSNull) where nullIsAbsent: return []
        case (let mine?, let theirs?): return difference(mine, theirs, decoded).map { ["\(name): \($0)"] } ?? []
        default: return ["\(name): \(String(describing: mine)) vs Foundation's \(String(describing: theirs))"]
        }
    }

    /// Nil when `mine` is exactly Foundation's `theirs`.
    static func difference(_ mine: ScalarValue, _ theirs: Any, _ decoded: JSONValue?) -> String? {
        switch (mine, theirs) {
        case (.null, is NSNull):
            return nil
        case (.string(let text), let other as String):
            return Array(text.utf8) == Array(other.utf8) ? nil : "\(text.debugDescription) vs \(other.debugDescription)"
        case (.bool(let flag), let number as NSNumber) where isBool(number):
            return flag == number.boolValue ? nil : "\(flag) vs \(number)"
        case (.number(let value), let number as NSNumber) where type(of: number) == NSDecimalNumber.self:
            switch decoded {
            case .number(let decodedValue)?:
                return value.bitPattern == decodedValue.bitPattern ? nil : "\(value) vs JSONDecoder's \(decodedValue)"
            case .underflow?:
                return value == 0 ? nil : "\(value) vs JSONDecoder's underflow"
            default:
                // JSONDecoder refused the document (it refuses any that holds an underflowing
                // number): only Decimal's approximate conversion is left, so compare loosely.
                let approximate = number.doubleValue
                return abs(value - approximate) <= abs(value) * 1e-12 ? nil : "\(value) vs Decimal's ≈\(approximate)"
            }
        case (.number(let value), let number as NSNumber) where !isBool(number):
            return numberDifference(value, number)
        default:
            return "\(mine) vs Foundation's \(theirs) (\(type(of: theirs)))"
        }
    }

    /// Doubles must have the same bits; integers (Foundation keeps them as integers) the same value
    /// (so `-0` read as the integer 0 matches −0.0).
    private static func numberDifference(_ value: Double, _ number: NSNumber) -> String? {
        switch String(cString: number.objCType) {
        case "d", "f":
            return value.bitPattern == number.doubleValue.bitPattern
                ? nil : "\(value) (\(value.bitPattern)) vs \(number.doubleValue) (\(number.doubleValue.bitPattern))"
        case "Q":
            return value == Double(number.uint64Value) ? nil : "\(value) vs \(number.uint64Value)"
        default:
            return value == Double(number.int64Value) ? nil : "\(value) vs \(number.int64Value)"
        }
    }

    /// Foundation on Linux stores booleans as NSNumber of objCType "c".
    static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}

/// Any JSON value as `JSONDecoder` reads it.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    /// A number JSONDecoder refuses as a `Double` but reads as a `Decimal`: one that underflows
    /// (`1e-400`), which `strtod` and JSONSerialization read as zero.
    case underflow
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if (try? container.decode(Decimal.self)) != nil {
            self = .underflow
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// An RFC 3339 reader independent of the parser's: a pattern for the syntax, Foundation's
/// Gregorian calendar for the arithmetic and date validity.
enum ReferenceRFC3339 {
    static func milliseconds(_ text: String) -> Int64? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"#
        guard let match = text.range(of: pattern, options: .regularExpression), match == text.startIndex..<text.endIndex
        else {
            return nil
        }
        let characters = Array(text)
        func number(_ start: Int, _ length: Int) -> Int { Int(String(characters[start..<start + length]))! }
        let (year, month, day) = (number(0, 4), number(5, 2), number(8, 2))
        let (hour, minute, second) = (number(11, 2), number(14, 2), number(17, 2))
        var index = 19
        var millisecond = 0
        if characters[index] == "." {
            index += 1
            var digits = ""
            while index < characters.count, characters[index].isNumber {
                digits.append(characters[index])
                index += 1
            }
            millisecond = Int((digits + "00").prefix(3))!
        }
        var offsetSeconds = 0
        if characters[index] == "+" || characters[index] == "-" {
            let hours = number(index + 1, 2)
            let minutes = number(index + 4, 2)
            guard hours <= 23, minutes <= 59 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (characters[index] == "-" ? -1 : 1)
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month, day: day)
        guard let midnight = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: midnight)
                == DateComponents(year: year, month: month, day: day)
        else { return nil }
        let seconds =
            Int64(midnight.timeIntervalSince1970.rounded()) + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let result = seconds * 1000 + Int64(millisecond)
        guard result >= 0, result < 253_402_300_800_000 else { return nil }
        return result
    }
}
