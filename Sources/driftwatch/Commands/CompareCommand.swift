import ArgumentParser
import DriftStats
import DriftTabular
import Foundation

/// `driftwatch compare REFERENCE.csv CURRENT.csv`: per-column drift of two CSV files, offline.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two CSV files column by column and report drift.",
        discussion: """
            A column is numeric when every non-empty value in both files is a number, categorical otherwise; \
            empty cells, NA, NaN and null are missing. Drift is decided by PSI ≥ 0.2 unless --method says \
            otherwise; KS, chi-square, Jensen–Shannon and Wasserstein are reported beside it. The dataset \
            drifts when at least half of the compared columns drift.
            Exit status: 0 = compared, 1 = drift found with --fail-on-drift, 2 = bad input.
            """
    )

    @Argument(help: "The reference CSV file (training or validation data).")
    var reference: String

    @Argument(help: "The current CSV file (production data).")
    var current: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Number of PSI bins for numeric columns (reference quantiles).")
    var bins = 10

    @Option(
        help: "The statistic that decides drift: psi, ks, chi2, js or wasserstein.",
        transform: { text in
            guard let method = DriftMethod(rawValue: text.lowercased()) else {
                throw ValidationError("--method must be one of psi, ks, chi2, js, wasserstein (got '\(text)')")
            }
            return method
        })
    var method: DriftMethod = .psi

    @Option(help: "Threshold for --method (default: psi 0.2, ks/chi2 p < 0.05, js 0.1, wasserstein 0.1).")
    var threshold: Double?

    @Option(name: .customLong("numeric"), help: "Treat this column as numeric (repeatable).")
    var numericColumns: [String] = []

    @Option(name: .customLong("categorical"), help: "Treat this column as categorical (repeatable).")
    var categoricalColumns: [String] = []

    @Option(help: "Compare only these columns (comma-separated).")
    var columns: String?

    @Flag(help: "Exit with status 1 when any column drifts.")
    var failOnDrift = false

    func validate() throws {
        guard (1...1000).contains(bins) else { throw ValidationError("--bins must be between 1 and 1000") }
    }

    func run() async throws {
        var options = TabularComparisonOptions()
        options.bins = bins
        options.method = method
        options.threshold = threshold
        options.forcedNumeric = Set(numericColumns)
        options.forcedCategorical = Set(categoricalColumns)
        if let columns {
            options.columns = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        let result: TabularComparison
        do {
            async let referenceDocument = CSVDocument.load(path: reference)
            async let currentDocument = CSVDocument.load(path: current)
            let (referenceTable, currentTable) = try await (referenceDocument, currentDocument)
            result = try await TabularComparison.compare(
                reference: referenceTable, current: currentTable, options: options)
            for column in result.skipped {
                printError("warning: column '\(column.name)' is \(column.reason); skipped")
            }
        } catch let error as CSVError {
            printError("error: \(error.description)")
            throw ExitCode(2)
        } catch let error as TabularError {
            printError("error: \(error.description)")
            throw ExitCode(2)
        }
        if json {
            print(try CompareReportJSON(result).encoded())
        } else {
            print(CompareReportTable(result, reference: reference, current: current, options: options).rendered())
        }
        if failOnDrift && result.driftedCount > 0 { throw ExitCode(1) }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
