/// A single value of a feature, prediction or label as it arrives in an event.
public enum ScalarValue: Sendable, Equatable, Hashable, Codable {
    case number(Double)
    case string(String)
    case bool(Bool)
    /// JSON `null`: a missing value.
    case null

    /// The value as a category name: strings as they are, booleans as `true`/`false`, numbers in their
    /// shortest round-trip form (`1.0` → `1`); nil for null.
    public var categoryName: String? {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .null: nil
        }
    }

    /// The value as a number: numbers as they are, booleans as 0/1; nil otherwise.
    public var numericValue: Double? {
        switch self {
        case .number(let number): number
        case .bool(let flag): flag ? 1 : 0
        case .string, .null: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .bool(let flag): try container.encode(flag)
        case .null: try container.encodeNil()
        }
    }
}
