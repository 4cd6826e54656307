import DriftStats
import DriftTabular
import Foundation

/// The human-readable table of `driftwatch compare`: drifted columns first, with the statistic that
/// decided shown beside its threshold.
struct CompareReportTable {
    let result: TabularComparison
    let reference: String
    let current: String
    let options: TabularComparisonOptions

    init(_ result: TabularComparison, reference: String, current: String, options: TabularComparisonOptions) {
        self.result = result
        self.reference = reference
        self.current = current
        self.options = options
    }

    func rendered() -> String {
        let header = ["COLUMN", "TYPE", "DRIFT", "DECIDED BY", "PSI", "KS D", "P-VALUE", "JS", "W1/σ", "MISSING REF/CUR"]
        var rows: [[String]] = [header]
        for report in result.columns {
            let decision = report.decision
            // "psi 0.41 ≥ 0.2" when drifted, "psi 0.05 < 0.2" when not; p-values compare the other way.
            let comparator = decision.drift == decision.method.isPValue ? "<" : "≥"
            let verdict = decision.drift ? "DRIFT" : "ok"
            let decidedBy = "\(decision.method.rawValue) \(Self.format(decision.value)) \(comparator) \(Self.format(decision.threshold))"
            var ksStatistic = "-"
            var pvalue = "-"
            var wasserstein = "-"
            var type = "numeric"
            switch report.comparison {
            case .numeric(let numeric):
                ksStatistic = Self.format(numeric.ks.statistic)
                pvalue = Self.format(numeric.ks.pvalue) + " (KS)"
                wasserstein = Self.format(numeric.wassersteinNormed)
            case .categorical(let categorical):
                type = "categorical"
                pvalue = Self.format(categorical.chiSquare.pvalue) + " (χ²)"
            }
            rows.append([
                report.name, type, verdict, decidedBy, Self.format(report.comparison.psi), ksStatistic, pvalue,
                Self.format(report.comparison.jensenShannon), wasserstein,
                "\(report.referenceMissing) / \(report.comparison.missing)",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        let limit = Self.format(options.threshold ?? options.method.defaultThreshold)
        let methodText = options.method.isPValue ? "\(options.method.rawValue) p < \(limit)" : "\(options.method.rawValue) ≥ \(limit)"
        lines.append("Reference \(reference) vs current \(current); drift decided by \(methodText).")
        lines.append("")
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        lines.append("")
        let share = result.columns.isEmpty ? 0 : Double(result.driftedCount) / Double(result.columns.count)
        lines.append(
            "\(result.driftedCount) of \(result.columns.count) columns drifted (\(Int((share * 100).rounded()))%); "
                + "dataset drift: \(result.datasetDrift ? "yes" : "no").")
        return lines.joined(separator: "\n")
    }

    /// Four significant digits, scientific for very small or large magnitudes.
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-3 || magnitude >= 1e6 { return String(format: "%.2e", value) }
        return String(format: "%.4g", value)
    }
}
