import DriftStats
import DriftTabular
import Foundation

/// The `--json` shape of `driftwatch compare` (API.md, "CLI"). Keys that do not apply to a column's
/// type are absent.
struct CompareReportJSON: Encodable {
    struct Pair: Encodable {
        var reference: Int
        var current: Int
    }

    struct KS: Encodable {
        var statistic: Double
        var pvalue: Double
        var method: String
    }

    struct ChiSquare: Encodable {
        var statistic: Double
        var pvalue: Double
    }

    struct Column: Encodable {
        var name: String
        var type: String
        var count: Pair
        var missing: Pair
        var psi: Double
        var ks: KS?
        var chi2: ChiSquare?
        var jensenShannon: Double
        var wassersteinNormed: Double?
        var drift: Bool
        var driftBy: String
        var driftValue: Double
        var driftThreshold: Double
    }

    struct Skipped: Encodable {
        var name: String
        var reason: String
    }

    var columns: [Column]
    var skippedColumns: [Skipped]
    var driftedColumns: Int
    var datasetDrift: Bool

    init(_ result: TabularComparison) {
        columns = result.columns.map { report in
            var column = Column(
                name: report.name, type: "numeric",
                count: Pair(reference: report.referenceCount, current: report.comparison.count),
                missing: Pair(reference: report.referenceMissing, current: report.comparison.missing),
                psi: report.comparison.psi, jensenShannon: report.comparison.jensenShannon,
                drift: report.decision.drift, driftBy: report.decision.method.rawValue,
                driftValue: report.decision.value, driftThreshold: report.decision.threshold)
            switch report.comparison {
            case .numeric(let numeric):
                column.ks = KS(statistic: numeric.ks.statistic, pvalue: numeric.ks.pvalue, method: numeric.ks.method.rawValue)
                column.wassersteinNormed = numeric.wassersteinNormed
            case .categorical(let categorical):
                column.type = "categorical"
                column.chi2 = ChiSquare(statistic: categorical.chiSquare.statistic, pvalue: categorical.chiSquare.pvalue)
            }
            return column
        }
        skippedColumns = result.skipped.map { Skipped(name: $0.name, reason: $0.reason) }
        driftedColumns = result.driftedCount
        datasetDrift = result.datasetDrift
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A reference spanning the whole double range can make a distance overflow to infinity.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
