/// A numeric reference feature prepared once for many window comparisons: its finite values sorted, its
/// PSI bin edges, its moments and a locator that places a window value among the reference in O(1)
/// amortised. Encoded as the sorted values and bin count only; everything else is rebuilt on decoding.
public struct NumericReference: Sendable {
    /// The finite reference values, ascending.
    public let sortedValues: [Double]
    /// Reference rows that were missing (NaN, ±∞).
    public let missing: Int
    /// The number of PSI bins requested (B).
    public let bins: Int
    /// PSI bin edges: sorted distinct reference quantiles Q(k/B), k = 1 … B−1.
    public let edges: [Double]
    /// Mean of the finite values.
    public let mean: Double
    /// Population standard deviation of the finite values.
    public let standardDeviation: Double
    /// Breakpoints, counts and lookup table shared by every comparison.
    let partition: ReferencePartition

    /// Prepares a reference from raw values; NaN and ±∞ count as missing.
    /// - Parameter bins: the number of PSI bins B (default 10); must be at least 1.
    public init(values: [Double], bins: Int = 10) {
        var finite = values.filter { $0.isFinite }
        finite.sort()
        self.init(sortedFinite: finite, missing: values.count - finite.count, bins: bins)
    }

    /// Prepares a reference from already sorted finite values.
    init(sortedFinite: [Double], missing: Int, bins: Int) {
        precondition(bins >= 1, "PSI needs at least one bin")
        sortedValues = sortedFinite
        self.missing = missing
        self.bins = bins
        edges = Quantile.psiEdges(sorted: sortedFinite, bins: bins)
        (mean, standardDeviation) = Moments.meanAndPopulationDeviation(sortedFinite)
        partition = ReferencePartition(sortedReference: sortedFinite, edges: edges)
    }

    /// Number of finite reference values (n).
    public var count: Int { sortedValues.count }
    /// Smallest finite reference value, if any.
    public var minimum: Double? { sortedValues.first }
    /// Largest finite reference value, if any.
    public var maximum: Double? { sortedValues.last }
    /// Reference proportion per PSI bin.
    public var binProportions: [Double] {
        PopulationStabilityIndex.proportions(partition.referenceBinCounts, total: count)
    }
}

extension NumericReference: Codable {
    private enum CodingKeys: String, CodingKey {
        case sortedValues = "sorted_values"
        case missing, bins
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let values = try container.decode([Double].self, forKey: .sortedValues)
        let bins = try container.decode(Int.self, forKey: .bins)
        guard bins >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .bins, in: container, debugDescription: "bins must be ≥ 1")
        }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 <= $1 }), values.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorruptedError(
                forKey: .sortedValues, in: container, debugDescription: "values must be finite and ascending")
        }
        self.init(sortedFinite: values, missing: try container.decode(Int.self, forKey: .missing), bins: bins)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sortedValues, forKey: .sortedValues)
        try container.encode(missing, forKey: .missing)
        try container.encode(bins, forKey: .bins)
    }
}

extension NumericReference: Equatable {
    public static func == (lhs: NumericReference, rhs: NumericReference) -> Bool {
        lhs.sortedValues == rhs.sortedValues && lhs.missing == rhs.missing && lhs.bins == rhs.bins
    }
}
