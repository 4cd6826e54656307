public import DriftStats

/// Options for comparing two tables column by column.
public struct TabularComparisonOptions: Sendable {
    /// PSI bins B for numeric columns.
    public var bins: Int = 10
    /// The statistic that decides drift.
    public var method: DriftMethod = .psi
    /// The threshold for `method` (nil: the method's default).
    public var threshold: Double?
    /// Only these columns, when given.
    public var columns: [String]?
    /// Columns forced numeric or categorical; all others are inferred.
    public var forcedNumeric: Set<String> = []
    public var forcedCategorical: Set<String> = []

    public init() {}
}

/// One compared column.
public struct ColumnReport: Sendable {
    public var name: String
    public var referenceCount: Int
    public var referenceMissing: Int
    public var comparison: FeatureComparison
    public var decision: DriftDecision
}

/// A column that was not compared, and why.
public struct SkippedColumn: Sendable, Equatable {
    public var name: String
    public var reason: String
}

/// The column-by-column comparison of two tables.
public struct TabularComparison: Sendable {
    /// Compared columns, drifted first, then in the reference's column order.
    public var columns: [ColumnReport]
    /// Columns present in only one file.
    public var skipped: [SkippedColumn]

    /// Columns that drifted.
    public var driftedCount: Int { columns.filter(\.decision.drift).count }
    /// Dataset drift: at least half of the compared columns drifted (Evidently's default share).
    public var datasetDrift: Bool { !columns.isEmpty && 2 * driftedCount >= columns.count }

    /// Compares `current` with `reference` column by column, one task per column.
    /// A column's type is numeric when every non-missing value in both files is a number, categorical
    /// otherwise, unless forced by the options.
    public static func compare(
        reference: CSVDocument, current: CSVDocument, options: TabularComparisonOptions
    ) async throws(TabularError) -> TabularComparison {
        let referenceColumns = Dictionary(reference.columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let currentColumns = Dictionary(current.columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var skipped: [SkippedColumn] = []
        var names: [String]
        if let requested = options.columns {
            for name in requested where referenceColumns[name] == nil && currentColumns[name] == nil {
                throw TabularError(.unknownColumn, "column '\(name)' is in neither \(reference.name) nor \(current.name)")
            }
            names = requested
        } else {
            names = reference.columnNames
            for name in current.columnNames where referenceColumns[name] == nil { names.append(name) }
        }
        for name in options.forcedNumeric.intersection(options.forcedCategorical) {
            throw TabularError(.conflictingTypes, "column '\(name)' cannot be both --numeric and --categorical")
        }
        var pairs: [(name: String, reference: Int, current: Int)] = []
        for name in names {
            switch (referenceColumns[name], currentColumns[name]) {
            case let (r?, c?): pairs.append((name, r, c))
            case (_?, nil): skipped.append(SkippedColumn(name: name, reason: "only in \(reference.name)"))
            case (nil, _?): skipped.append(SkippedColumn(name: name, reason: "only in \(current.name)"))
            case (nil, nil): break
            }
        }

        let results = await ParallelComparison.map(pairs) { pair -> Result<ColumnReport, TabularError> in
            Result { () throws(TabularError) -> ColumnReport in
                try compareColumn(pair.name, reference: reference, at: pair.reference, current: current,
                                  at: pair.current, options: options)
            }
        }
        var reports: [ColumnReport] = []
        for result in results {
            switch result {
            case .success(let report): reports.append(report)
            case .failure(let error): throw error
            }
        }
        let order = Dictionary(uniqueKeysWithValues: reports.enumerated().map { ($1.name, $0) })
        reports.sort { lhs, rhs in
            if lhs.decision.drift != rhs.decision.drift { return lhs.decision.drift }
            return order[lhs.name]! < order[rhs.name]!
        }
        return TabularComparison(columns: reports, skipped: skipped)
    }

    private static func compareColumn(
        _ name: String, reference: CSVDocument, at referenceIndex: Int, current: CSVDocument, at currentIndex: Int,
        options: TabularComparisonOptions
    ) throws(TabularError) -> ColumnReport {
        let referenceValues: ColumnValues
        let currentValues: ColumnValues
        if options.forcedCategorical.contains(name) {
            referenceValues = .categorical(reference.categoricalValues(column: referenceIndex))
            currentValues = .categorical(current.categoricalValues(column: currentIndex))
        } else {
            let forced = options.forcedNumeric.contains(name)
            switch (reference.numericValues(column: referenceIndex), current.numericValues(column: currentIndex)) {
            case let (.numeric(r), .numeric(c)):
                referenceValues = .numeric(r)
                currentValues = .numeric(c)
            case let (.notNumeric(line, value), _) where forced:
                throw TabularError(.notNumeric, "\(reference.name):\(line): column '\(name)' is forced numeric but has '\(value)'")
            case let (_, .notNumeric(line, value)) where forced:
                throw TabularError(.notNumeric, "\(current.name):\(line): column '\(name)' is forced numeric but has '\(value)'")
            default:
                referenceValues = .categorical(reference.categoricalValues(column: referenceIndex))
                currentValues = .categorical(current.categoricalValues(column: currentIndex))
            }
        }
        let feature = FeatureReference(values: referenceValues, bins: options.bins)
        let referenceUsable: Int
        let referenceMissing: Int
        switch feature {
        case .numeric(let prepared): (referenceUsable, referenceMissing) = (prepared.count, prepared.missing)
        case .categorical(let prepared): (referenceUsable, referenceMissing) = (prepared.count, prepared.missing)
        }
        guard referenceUsable > 0 else {
            throw TabularError(.noUsableValues, "\(reference.name): column '\(name)' has no usable values")
        }
        switch feature.compare(window: currentValues) {
        case .success(let comparison):
            return ColumnReport(
                name: name, referenceCount: referenceUsable, referenceMissing: referenceMissing,
                comparison: comparison, decision: comparison.decision(by: options.method, threshold: options.threshold))
        case .failure:
            throw TabularError(.noUsableValues, "\(current.name): column '\(name)' has no usable values")
        }
    }
}
