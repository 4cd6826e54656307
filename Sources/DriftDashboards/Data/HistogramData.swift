import DriftStats

/// The shares of a feature's values per bin, for the reference and for one window, binned the way PSI
/// bins them (STATISTICS.md): numeric values into the reference's quantile bins (−∞, e₁], (e₁, e₂], …,
/// (e_last, ∞); categorical values by category.
struct HistogramData: Sendable, Equatable {
    /// How the bins are named along the axis.
    enum Bins: Sendable, Equatable {
        /// Numeric: the bin edges (one fewer than the bins).
        case edges([Double])
        /// Categorical: one name per bin.
        case categories([String])
    }

    var bins: Bins
    /// A name per bin for tooltips: `≤ 1.2`, `(1.2, 3.4]`, `> 9.9`, `web`, `other (12)`, `kiosk (unseen)`.
    var binNames: [String]
    /// Share of the reference's values per bin.
    var reference: [Double]
    /// Share of the window's values per bin.
    var current: [Double]
    /// The window's usable (non-missing) values.
    var currentCount: Int
    /// The window's start, in milliseconds since the Unix epoch.
    var windowStart: Int64
    /// Whether the window was partial when evaluated.
    var partial: Bool
    /// The reference version binned against.
    var referenceVersion: Int

    /// Most categories shown one by one; the rest of the reference's are merged into "other".
    static let maximumCategories = 15
    /// Most categories unseen in the reference shown one by one; the rest are merged.
    static let maximumUnseen = 5

    /// Bins a numeric window against a numeric reference.
    static func numeric(
        reference: NumericReference, values: [Double], windowStart: Int64, partial: Bool, referenceVersion: Int
    ) -> HistogramData {
        let edges = reference.edges
        var counts = [Int](repeating: 0, count: edges.count + 1)
        var usable = 0
        for value in values where value.isFinite {
            counts[bin(of: value, edges: edges)] += 1
            usable += 1
        }
        var names: [String] = []
        for index in 0...edges.count {
            if edges.isEmpty {
                names.append("all values")
            } else if index == 0 {
                names.append("≤ " + TextFormat.number(edges[0]))
            } else if index == edges.count {
                names.append("> " + TextFormat.number(edges[index - 1]))
            } else {
                names.append("(" + TextFormat.number(edges[index - 1]) + ", " + TextFormat.number(edges[index]) + "]")
            }
        }
        return HistogramData(
            bins: .edges(edges), binNames: names, reference: reference.binProportions,
            current: shares(counts, usable), currentCount: usable, windowStart: windowStart, partial: partial,
            referenceVersion: referenceVersion)
    }

    /// Bins a categorical window against a categorical reference: the reference's most frequent
    /// categories, then "other" for the rest of them, then the window's categories that the reference
    /// never saw.
    static func categorical(
        reference: CategoricalReference, column: CategoricalColumn, windowStart: Int64, partial: Bool,
        referenceVersion: Int
    ) -> HistogramData {
        var windowCounts: [String: Int] = [:]
        let perCode = column.countsPerCategory()
        for (code, count) in perCode.enumerated() where count > 0 {
            windowCounts[column.categories[code], default: 0] += count
        }
        let usable = perCode.reduce(0, +)
        let referenceTotal = max(reference.count, 1)
        let ranked = zip(reference.categories, reference.counts).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let shown = ranked.prefix(maximumCategories)
        let rest = ranked.dropFirst(maximumCategories)
        var names = shown.map(\.0)
        var referenceCounts = shown.map(\.1)
        var currentCounts = shown.map { windowCounts[$0.0] ?? 0 }
        if !rest.isEmpty {
            names.append("other (\(rest.count))")
            referenceCounts.append(rest.reduce(0) { $0 + $1.1 })
            currentCounts.append(rest.reduce(0) { $0 + (windowCounts[$1.0] ?? 0) })
        }
        let known = Set(reference.categories)
        let unseen = windowCounts.filter { !known.contains($0.key) }.sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }
        for (name, count) in unseen.prefix(maximumUnseen) {
            names.append(name + " (unseen)")
            referenceCounts.append(0)
            currentCounts.append(count)
        }
        if unseen.count > maximumUnseen {
            names.append("other unseen (\(unseen.count - maximumUnseen))")
            referenceCounts.append(0)
            currentCounts.append(unseen.dropFirst(maximumUnseen).reduce(0) { $0 + $1.value })
        }
        return HistogramData(
            bins: .categories(names), binNames: names,
            reference: referenceCounts.map { Double($0) / Double(referenceTotal) },
            current: shares(currentCounts, usable), currentCount: usable, windowStart: windowStart, partial: partial,
            referenceVersion: referenceVersion)
    }

    /// The PSI bin of `value`: the first edge at or above it closes its bin; above the last edge is the
    /// last bin.
    static func bin(of value: Double, edges: [Double]) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] >= value { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private static func shares(_ counts: [Int], _ total: Int) -> [Double] {
        counts.map { total > 0 ? Double($0) / Double(total) : 0 }
    }
}

/// A feature's histograms for the latest window with values and the one before it.
struct FeatureHistograms: Sendable, Equatable {
    var latest: HistogramData?
    var previous: HistogramData?
}
