/// Compares a produced JSON document with a golden one, field by field, with STATISTICS.md's tolerances.
///
/// Every key of the expected document must be present in the actual one (the actual one may have more:
/// bookkeeping and data-quality fields). Strings, booleans and counts must be equal; numbers are
/// compared by the tolerance of the statistic they hold:
/// - KS statistic: 1e-12 absolute; KS p-value: 1e-9 relative (1e-300 absolute) in exact mode, 1e-6
///   relative in asymptotic mode;
/// - χ² p-value: 1e-9 relative or 1e-300 absolute; χ² statistic, PSI, Jensen–Shannon, normed
///   Wasserstein: 1e-10 relative;
/// - performance metrics and shares (ratios of counts): 1e-12 relative.
public enum GoldenComparison {
    /// The differences between `expected` and `actual`, each naming its path; empty when they agree.
    public static func differences(expected: JSONValue, actual: JSONValue?, path: String = "") -> [String] {
        guard let actual else { return ["\(path): missing (expected \(expected))"] }
        switch expected {
        case .object(let fields):
            guard case .object(let actualFields) = actual else { return ["\(path): expected an object, got \(actual)"] }
            return fields.keys.sorted().flatMap { key in
                differences(
                    expected: fields[key]!, actual: actualFields[key], path: path.isEmpty ? key : "\(path).\(key)",
                    siblings: fields)
            }
        case .array(let values):
            guard case .array(let actualValues) = actual, actualValues.count == values.count else {
                return ["\(path): expected \(values.count) elements, got \(actual)"]
            }
            // Numbers in an array (an interval's bounds) take the tolerance of the array's key.
            return zip(values, actualValues).enumerated().flatMap { index, pair in
                differences(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]", siblings: [:])
            }
        default:
            return expected == actual ? [] : ["\(path): expected \(expected), got \(actual)"]
        }
    }

    /// Compares one member; numbers by their tolerance, the rest exactly.
    private static func differences(
        expected: JSONValue, actual: JSONValue?, path: String, siblings: [String: JSONValue]
    ) -> [String] {
        guard case .number(let e) = expected else { return differences(expected: expected, actual: actual, path: path) }
        guard let a = actual?.number else { return ["\(path): expected \(e), got \(actual.map(\.description) ?? "nothing")"] }
        let tolerance = tolerance(path: path, siblings: siblings)
        let error = abs(a - e)
        let allowed = Swift.max(tolerance.relative * abs(e), tolerance.absolute)
        return error <= allowed ? [] : ["\(path): expected \(e), got \(a) (error \(error) > \(allowed))"]
    }

    /// The tolerance of the statistic at `path` (its last components name it).
    public static func tolerance(path: String, siblings: [String: JSONValue]) -> (relative: Double, absolute: Double) {
        let components = path.split(separator: ".").map(String.init)
        let key = (components.last ?? "").split(separator: "[").first.map(String.init) ?? ""
        let parent = components.dropLast().last ?? ""
        switch (parent, key) {
        case ("ks", "statistic"): return (0, 1e-12)
        case ("ks", "pvalue"):
            return siblings["method"]?.string == "asymptotic" ? (1e-6, 0) : (1e-9, 1e-300)
        case (_, "pvalue"): return (1e-9, 1e-300)
        // A difference between two versions and its interval (STATISTICS.md, "Comparing two versions").
        case (_, "estimate"), (_, "ci95"): return (1e-9, 0)
        case ("performance", _), ("reference_performance", _), (_, "drifted_feature_share"): return (1e-12, 0)
        case (_, "count"), (_, "missing"), (_, "labelled"): return (0, 0)
        default: return (1e-10, 0)
        }
    }
}
