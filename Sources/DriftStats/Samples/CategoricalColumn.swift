/// A categorical column in dictionary encoding: each row holds an index into `categories`, or
/// ``CategoricalColumn/missingCode`` when the row has no value.
///
/// Dictionary encoding lets the statistics count rows with integer arithmetic only; the strings are
/// looked at once per distinct category, never once per row.
public struct CategoricalColumn: Sendable, Equatable {
    /// The code of a row with no value.
    public static let missingCode: Int32 = -1

    /// The distinct category names; a code is an index into this array.
    public var categories: [String]
    /// One code per row.
    public var codes: [Int32]

    /// Creates a column from its dictionary and codes. Codes must be `missingCode` or valid indices.
    public init(categories: [String], codes: [Int32]) {
        self.categories = categories
        self.codes = codes
    }

    /// Encodes plain values, treating `nil` as missing.
    public init<S: Sequence>(values: S) where S.Element == String? {
        var index: [String: Int32] = [:]
        var categories: [String] = []
        var codes: [Int32] = []
        for value in values {
            guard let value else {
                codes.append(Self.missingCode)
                continue
            }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(categories.count)
                index[value] = code
                categories.append(value)
                codes.append(code)
            }
        }
        self.categories = categories
        self.codes = codes
    }

    /// Number of rows, missing ones included.
    public var count: Int { codes.count }

    /// Row count per category code (missing rows are not counted).
    public func countsPerCategory() -> [Int] {
        var counts = [Int](repeating: 0, count: categories.count)
        for code in codes where code >= 0 {
            counts[Int(code)] += 1
        }
        return counts
    }

    /// The rows of this column followed by those of `other`, on one dictionary: this column's categories,
    /// then `other`'s that it lacks, in `other`'s order. Two halves of rows dictionary-encoded apart and
    /// joined so give the column one walk over all the rows gives.
    public func appending(_ other: CategoricalColumn) -> CategoricalColumn {
        var categories = self.categories
        let mapped = Self.merge(other.categories, into: &categories)
        var codes = self.codes
        codes.reserveCapacity(codes.count + other.codes.count)
        for code in other.codes { codes.append(code == Self.missingCode ? code : mapped[Int(code)]) }
        return CategoricalColumn(categories: categories, codes: codes)
    }

    /// Appends to `categories` the names of `other` it lacks, in `other`'s order, and returns each of
    /// `other`'s codes as a code of the merged dictionary (``appending(_:)``'s dictionary).
    public static func merge(_ other: [String], into categories: inout [String]) -> [Int32] {
        var codeOf = [String: Int32](minimumCapacity: categories.count + other.count)
        for (code, name) in categories.enumerated() { codeOf[name] = Int32(code) }
        return other.map { name in
            if let code = codeOf[name] { return code }
            let code = Int32(categories.count)
            categories.append(name)
            codeOf[name] = code
            return code
        }
    }
}
