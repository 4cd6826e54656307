/// How a rule compares a metric value with its threshold: `>`, `>=`, `<`, `<=`.
public enum ComparisonOperator: String, CaseIterable, Hashable, Sendable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="

    /// Whether `value op threshold` holds, i.e. the window breaches. NaN never breaches.
    public func breaches(_ value: Double, threshold: Double) -> Bool {
        switch self {
        case .greater: value > threshold
        case .greaterOrEqual: value >= threshold
        case .less: value < threshold
        case .lessOrEqual: value <= threshold
        }
    }
}
