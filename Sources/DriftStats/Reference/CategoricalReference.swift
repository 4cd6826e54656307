/// A categorical reference feature: its categories in sorted order with their counts.
public struct CategoricalReference: Sendable, Codable, Equatable {
    /// Distinct reference categories, sorted by Unicode scalar order.
    public let categories: [String]
    /// Rows per category, aligned with `categories`.
    public let counts: [Int]
    /// Reference rows with no value.
    public let missing: Int

    /// Builds a reference from a dictionary-encoded column.
    public init(column: CategoricalColumn) {
        let perCode = column.countsPerCategory()
        let pairs = zip(column.categories, perCode).filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }
        categories = pairs.map(\.0)
        counts = pairs.map(\.1)
        missing = column.codes.lazy.filter { $0 == CategoricalColumn.missingCode }.count
    }

    /// Number of reference rows with a value (n).
    public var count: Int { counts.reduce(0, +) }

    private enum CodingKeys: String, CodingKey { case categories, counts, missing }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        categories = try container.decode([String].self, forKey: .categories)
        counts = try container.decode([Int].self, forKey: .counts)
        missing = try container.decode(Int.self, forKey: .missing)
        guard categories.count == counts.count, counts.allSatisfy({ $0 >= 0 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .counts, in: container, debugDescription: "one non-negative count per category")
        }
    }
}
