/// A numeric reference feature prepared once for many window comparisons: its PSI bin edges, its moments
/// and a partition of the real line at its distinct values that places a window value among the
/// reference in O(1) amortised.
///
/// The sorted values are not kept beside the partition: its breakpoints (the distinct values and the
/// edges) and their multiplicities determine them, so ``sortedValues`` and ``count`` are derived from it.
/// For a continuous reference that is about 8⅜ bytes per value (the value, one bit of multiplicity and
/// the lookup tables) where the sorted values, the breakpoints and 8-byte cumulative counts took about
/// 24¼. Multiplicities are counted in `UInt32`, so a reference holds at most 2³² − 1 finite values.
///
/// Encoded as the sorted values and bin count only; everything else is rebuilt on decoding.
public struct NumericReference: Sendable {
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
    /// Smallest finite reference value, if any.
    public let minimum: Double?
    /// Largest finite reference value, if any.
    public let maximum: Double?
    /// Reference values that are −0. The partition has one breakpoint for −0 and +0, which compare
    /// equal; this count lets ``sortedValues`` give each zero its sign back.
    private let negativeZeroCount: Int
    /// Breakpoints, multiplicities and lookup tables shared by every comparison; also the only copy of
    /// the reference values.
    let partition: ReferencePartition
    /// Cumulative counts and prefix integrals over the partition for ``SparseNumericFold`` (about 12¼ bytes
    /// per breakpoint), built once here so that no window or slice walks the breakpoints.
    let sparseIndex: SparseReferenceIndex

    /// Prepares a reference from raw values; NaN and ±∞ count as missing. The finite values are copied
    /// into one buffer and sorted there, and the partition's breakpoints are then written over that same
    /// buffer, so preparing allocates one array of the reference's size beside the input (and the sort's
    /// scratch space).
    /// - Parameter bins: the number of PSI bins B (default 10); must be at least 1.
    /// - Precondition: at most 2³² − 1 finite values.
    public init(values: [Double], bins: Int = 10) {
        precondition(bins >= 1, "PSI needs at least one bin")
        // B − 1 spare slots in front of the values leave room for the edges among the breakpoints.
        let spare = bins - 1
        let storage = [Double](unsafeUninitializedCapacity: spare + values.count) { buffer, initialized in
            for index in 0..<spare { buffer.initializeElement(at: index, to: 0) }
            var count = spare
            values.withUnsafeBufferPointer { values in
                for value in values where value.isFinite {
                    buffer.initializeElement(at: count, to: value)
                    count += 1
                }
            }
            var finite = UnsafeMutableBufferPointer(rebasing: buffer[spare..<count])
            finite.sort()
            initialized = count
        }
        self.init(storage: storage, spare: spare, missing: values.count - (storage.count - spare), bins: bins)
    }

    /// Prepares a reference from already sorted finite values.
    init(sortedFinite: [Double], missing: Int, bins: Int) {
        precondition(bins >= 1, "PSI needs at least one bin")
        let spare = bins - 1
        let storage = [Double](unsafeUninitializedCapacity: spare + sortedFinite.count) { buffer, initialized in
            for index in 0..<spare { buffer.initializeElement(at: index, to: 0) }
            _ = UnsafeMutableBufferPointer(rebasing: buffer[spare...]).initialize(fromContentsOf: sortedFinite)
            initialized = spare + sortedFinite.count
        }
        self.init(storage: storage, spare: spare, missing: missing, bins: bins)
    }

    /// Prepares a reference from `storage`, whose elements after the first `spare` = B − 1 are the sorted
    /// finite values; the partition takes the storage over for its breakpoints.
    private init(storage: consuming [Double], spare: Int, missing: Int, bins: Int) {
        self.missing = missing
        self.bins = bins
        let summary = storage.withUnsafeBufferPointer { all in
            let sorted = UnsafeBufferPointer(rebasing: all[spare...])
            let moments = Moments.meanAndPopulationDeviation(sorted)
            return (
                edges: Quantile.psiEdges(sorted: sorted, bins: bins), mean: moments.mean,
                deviation: moments.deviation, minimum: sorted.first, maximum: sorted.last,
                negativeZeros: Self.negativeZeros(sorted))
        }
        edges = summary.edges
        mean = summary.mean
        standardDeviation = summary.deviation
        minimum = summary.minimum
        maximum = summary.maximum
        negativeZeroCount = summary.negativeZeros
        partition = ReferencePartition(storage: storage, valuesFrom: spare, edges: summary.edges)
        sparseIndex = SparseReferenceIndex(partition: partition)
    }

    /// The number of −0 in `sorted`, found among its zeros by binary search.
    private static func negativeZeros(_ sorted: UnsafeBufferPointer<Double>) -> Int {
        let firstZero = firstIndex(in: sorted) { $0 >= 0 }
        var count = 0
        for index in firstZero..<sorted.count {
            guard sorted[index] == 0 else { break }
            if sorted[index].sign == .minus { count += 1 }
        }
        return count
    }

    /// The first index of ascending `sorted` whose value satisfies `predicate`, which must hold from
    /// some index on (`sorted.count` if it never does).
    private static func firstIndex<Values: RandomAccessCollection<Double>>(
        in sorted: Values, where predicate: (Double) -> Bool
    ) -> Int where Values.Index == Int {
        var low = sorted.startIndex
        var high = sorted.endIndex
        while low < high {
            let middle = (low + high) / 2
            if predicate(sorted[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The finite reference values, ascending, rebuilt from the partition on every access (O(n) time and
    /// a new array of n values, so read it once). Equal values come back bit for bit, −0 before +0.
    public var sortedValues: [Double] {
        var values = partition.sortedReference
        // The zeros all share the zero breakpoint's sign; give the first negativeZeroCount of them −0.
        let firstZero = Self.firstIndex(in: values) { $0 >= 0 }
        var index = firstZero
        while index < values.count && values[index] == 0 {
            values[index] = index - firstZero < negativeZeroCount ? -0.0 : 0.0
            index += 1
        }
        return values
    }

    /// Number of finite reference values (n).
    public var count: Int { partition.referenceCount }
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
        guard values.count <= ReferencePartition.maximumReferenceCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .sortedValues, in: container,
                debugDescription: "at most \(ReferencePartition.maximumReferenceCount) values")
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
        // Equal values and bins give equal edges, hence equal breakpoints and multiplicities, and
        // conversely those determine the values; comparing them needs no rebuilt copy. As for arrays of
        // Double, −0 equals +0.
        lhs.missing == rhs.missing && lhs.bins == rhs.bins
            && lhs.partition.multiplicities == rhs.partition.multiplicities
            && lhs.partition.breakpoints == rhs.partition.breakpoints
    }
}
