/// A window's values for one feature, before comparison.
public enum ColumnValues: Sendable, Equatable {
    /// Numbers; NaN and ±∞ are missing.
    case numeric([Double])
    /// Dictionary-encoded categories.
    case categorical(CategoricalColumn)

    /// Number of rows, missing ones included.
    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let column): column.count
        }
    }
}

/// The comparison of one feature of either type.
public enum FeatureComparison: Sendable, Codable, Equatable {
    case numeric(NumericComparison)
    case categorical(CategoricalComparison)

    /// The drift decision by `method`, adapted to the feature's type (see ``DriftDecision/method``).
    public func decision(by method: DriftMethod, threshold: Double? = nil) -> DriftDecision {
        switch self {
        case .numeric(let comparison): comparison.decision(by: method, threshold: threshold)
        case .categorical(let comparison): comparison.decision(by: method, threshold: threshold)
        }
    }

    /// Usable (non-missing) window values.
    public var count: Int {
        switch self {
        case .numeric(let comparison): comparison.count
        case .categorical(let comparison): comparison.count
        }
    }

    /// Missing window values.
    public var missing: Int {
        switch self {
        case .numeric(let comparison): comparison.missing
        case .categorical(let comparison): comparison.missing
        }
    }

    /// PSI, defined for both types.
    public var psi: Double {
        switch self {
        case .numeric(let comparison): comparison.psi
        case .categorical(let comparison): comparison.psi
        }
    }

    /// Jensen–Shannon distance, defined for both types.
    public var jensenShannon: Double {
        switch self {
        case .numeric(let comparison): comparison.jensenShannon
        case .categorical(let comparison): comparison.jensenShannon
        }
    }
}

/// Why a feature could not be compared.
public enum FeatureComparisonFailure: Error, Sendable, Equatable {
    /// The window's type differs from the reference's.
    case typeMismatch(reference: String, window: String)
    /// The reference or the window has no usable value.
    case noUsableValues
}

extension FeatureReference {
    /// Compares a window with this reference.
    public func compare(window: ColumnValues) -> Result<FeatureComparison, FeatureComparisonFailure> {
        switch (self, window) {
        case (.numeric(let reference), .numeric(let values)):
            guard let comparison = NumericComparison(reference: reference, window: values) else {
                return .failure(.noUsableValues)
            }
            return .success(.numeric(comparison))
        case (.categorical(let reference), .categorical(let column)):
            guard let comparison = CategoricalComparison(reference: reference, window: column) else {
                return .failure(.noUsableValues)
            }
            return .success(.categorical(comparison))
        case (.numeric, .categorical):
            return .failure(.typeMismatch(reference: "numeric", window: "categorical"))
        case (.categorical, .numeric):
            return .failure(.typeMismatch(reference: "categorical", window: "numeric"))
        }
    }

    /// Prepares a reference feature from raw values.
    public init(values: ColumnValues, bins: Int = 10) {
        switch values {
        case .numeric(let numbers): self = .numeric(NumericReference(values: numbers, bins: bins))
        case .categorical(let column): self = .categorical(CategoricalReference(column: column))
        }
    }
}
