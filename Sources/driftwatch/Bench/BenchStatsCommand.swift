import ArgumentParser
import DriftStats
import Foundation

/// `driftwatch bench stats`: times every statistic for 25 columns (20 numeric, 5 categorical) of seeded
/// synthetic data, after preparing the references once.
struct BenchStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Time all drift statistics for 20 numeric + 5 categorical columns.",
        discussion: "Without --rows, runs 10k, 100k and 1M rows per side. Times are the best of --repeat runs."
    )

    @Option(help: "Rows per side (default: 10000, 100000 and 1000000).")
    var rows: [Int] = []

    @Option(name: .customLong("repeat"), help: "Timed runs per size; the best is reported.")
    var repetitions = 3

    func validate() throws {
        guard rows.allSatisfy({ (100...50_000_000).contains($0) }) else {
            throw ValidationError("--rows must be between 100 and 50000000")
        }
        guard (1...100).contains(repetitions) else { throw ValidationError("--repeat must be between 1 and 100") }
    }

    func run() async throws {
        let sizes = rows.isEmpty ? [10_000, 100_000, 1_000_000] : rows
        print("Driftwatch statistics benchmark: 20 numeric + 5 categorical columns, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("(KS with p-value, PSI, Jensen–Shannon, Wasserstein on numeric; chi-square, PSI, Jensen–Shannon on categorical)")
        print("")
        let header = ["rows/side", "prepare refs", "numeric (20)", "categorical (5)", "all 25 columns", "1 core, all 25", "peak RSS"]
        var table = [header]
        for size in sizes {
            let (references, current, prepare) = await Self.prepareColumns(SyntheticDataset(rows: size))
            let pairs = Array(zip(references, current))
            let numericPairs = Array(pairs.prefix(SyntheticDataset.numericColumns))
            let categoricalPairs = Array(pairs.dropFirst(SyntheticDataset.numericColumns))
            var numericBest = Double.infinity
            var categoricalBest = Double.infinity
            var allBest = Double.infinity
            var serialBest = Double.infinity
            for _ in 0..<repetitions {
                numericBest = min(numericBest, await measureSeconds { _ = await Self.compareAll(numericPairs) })
                categoricalBest = min(categoricalBest, await measureSeconds { _ = await Self.compareAll(categoricalPairs) })
                allBest = min(allBest, await measureSeconds { _ = await Self.compareAll(pairs) })
                serialBest = min(serialBest, await measureSeconds { _ = pairs.map { $0.0.compare(window: $0.1) } })
            }
            table.append([
                Self.count(size), Self.seconds(prepare), Self.seconds(numericBest), Self.seconds(categoricalBest),
                Self.seconds(allBest), Self.seconds(serialBest),
                ResourceUsage.peakResidentMiB().map { String(format: "%.0f MiB", $0) } ?? "n/a",
            ])
        }
        print(renderTable(table))
    }

    /// Columns generated and prepared at once. Each in flight holds its raw reference (8 bytes per row
    /// for a numeric column) and the preparation's sorted copy, so this bounds the memory beyond what the
    /// comparisons keep.
    static let preparationWidth = 2

    /// Generates every column and prepares its reference, ``preparationWidth`` columns at a time: a
    /// batch's raw references are released before the next batch is generated, so they are never all
    /// resident, while the current windows (what the comparisons read) are kept. Returns the prepared
    /// references, the current windows and the wall time spent preparing (generation is not timed).
    private static func prepareColumns(_ data: SyntheticDataset) async
        -> (references: [FeatureReference], current: [ColumnValues], seconds: Double)
    {
        var references: [FeatureReference] = []
        var current: [ColumnValues] = []
        references.reserveCapacity(SyntheticDataset.columnCount)
        current.reserveCapacity(SyntheticDataset.columnCount)
        var seconds = 0.0
        for start in stride(from: 0, to: SyntheticDataset.columnCount, by: preparationWidth) {
            let batch = Array(start..<min(start + preparationWidth, SyntheticDataset.columnCount))
            let generated = await ParallelComparison.map(batch) { (data.reference($0), data.current($0)) }
            current.append(contentsOf: generated.map(\.1))
            let raw = generated.map(\.0)
            seconds += await measureSeconds {
                references.append(contentsOf: await ParallelComparison.map(raw) { FeatureReference(values: $0) })
            }
        }
        return (references, current, seconds)
    }

    private static func compareAll(_ pairs: [(FeatureReference, ColumnValues)]) async
        -> [Result<FeatureComparison, FeatureComparisonFailure>]
    {
        await ParallelComparison.map(pairs) { $0.0.compare(window: $0.1) }
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? String(format: "%.1f ms", value * 1000) : String(format: "%.2f s", value)
    }

    static func count(_ value: Int) -> String {
        value >= 1_000_000 && value % 1_000_000 == 0 ? "\(value / 1_000_000)M"
            : value >= 1000 && value % 1000 == 0 ? "\(value / 1000)k" : "\(value)"
    }
}

/// Renders rows as a left-aligned text table; the first row is the header.
func renderTable(_ rows: [[String]]) -> String {
    guard let header = rows.first else { return "" }
    let widths = header.indices.map { column in rows.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
    var lines: [String] = []
    for (index, row) in rows.enumerated() {
        let cells = row.enumerated().map { column, cell in cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) }
        lines.append(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
    return lines.joined(separator: "\n")
}
