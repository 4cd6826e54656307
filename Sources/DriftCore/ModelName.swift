/// A model's name: a slug `[a-z0-9][a-z0-9._-]{0,63}` (API.md, "Concepts").
public struct ModelName: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The validated slug.
    public let rawValue: String

    /// Validates `text` as a model slug; nil when it is not one.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count), Self.isLeading(bytes[0]), bytes.dropFirst().allSatisfy(Self.isInner)
        else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: ModelName, rhs: ModelName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let name = ModelName(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a model slug"))
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func isLeading(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isInner(_ byte: UInt8) -> Bool {
        isLeading(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
