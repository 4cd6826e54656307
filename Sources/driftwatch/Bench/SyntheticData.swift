import DriftStats
import Foundation

extension SplitMix64 {
    /// Standard normal by the Box–Muller transform (Box & Muller 1958, Ann. Math. Statist. 29(2)).
    mutating func normal() -> Double {
        let radius = (-2 * log(unit())).squareRoot()
        return radius * cos(2 * Double.pi * unit())
    }
}

/// The benchmark's data shape, the same as ../shared/bench/evidently_bench.py's generator: 20 numeric
/// columns drawn from normal, lognormal, uniform and gamma distributions (by column index mod 4), mean
/// shifts of 0.05–0.5 σ on f0…f4, variance changes ×1.1, ×1.25, ×1.5 on f5…f7, f8…f19 unchanged; and 5
/// categorical columns c0…c4 with 3–7 levels, c0's frequencies changed.
///
/// Columns are generated on demand, one side of one column at a time, so that a caller can keep only
/// what it needs resident. The values are those of one seeded stream drawn column by column (each
/// column's reference, then its current window): every value takes a fixed number of draws, so each
/// column starts from a known position in the stream, which the generator reaches by skipping ahead.
/// Columns can therefore be generated in any order, or concurrently, with the same result.
struct SyntheticDataset: Sendable {
    static let numericColumns = 20
    static let categoricalLevels = [3, 4, 5, 6, 7]
    static let meanShifts: [Int: Double] = [0: 0.05, 1: 0.1, 2: 0.2, 3: 0.3, 4: 0.5]
    static let varianceScales: [Int: Double] = [5: 1.1, 6: 1.25, 7: 1.5]
    /// Numeric columns first, then categorical ones.
    static let columnCount = numericColumns + categoricalLevels.count

    /// Rows per side.
    let rows: Int
    /// Column names, f0…f19 then c0…c4.
    let names: [String]
    /// The generator positioned at the start of each column's reference draws.
    private let columnStarts: [SplitMix64]

    init(rows: Int, seed: UInt64 = 20_260_105) {
        self.rows = rows
        names = (0..<Self.numericColumns).map { "f\($0)" } + Self.categoricalLevels.indices.map { "c\($0)" }
        var generator = SplitMix64(seed: seed)
        var starts: [SplitMix64] = []
        for column in 0..<Self.columnCount {
            starts.append(generator)
            generator.skip(2 * rows * Self.drawsPerValue(column))
        }
        columnStarts = starts
    }

    /// Column `column`'s reference values (column < ``columnCount``).
    func reference(_ column: Int) -> ColumnValues {
        var generator = columnStarts[column]
        if column < Self.numericColumns { return .numeric(Self.draw(column, rows, &generator)) }
        let index = column - Self.numericColumns
        return .categorical(Self.categories(Self.categoricalLevels[index], rows, changed: false, &generator))
    }

    /// Column `column`'s current window, drifted as described above (column < ``columnCount``).
    func current(_ column: Int) -> ColumnValues {
        var generator = columnStarts[column]
        generator.skip(rows * Self.drawsPerValue(column))
        if column < Self.numericColumns {
            var values = Self.draw(column, rows, &generator)
            let (mean, deviation) = Self.moments(column)
            let shift = Self.meanShifts[column]
            let scale = Self.varianceScales[column]
            if shift != nil || scale != nil {
                for row in values.indices {
                    var value = values[row]
                    if let shift { value = value + shift * deviation }
                    if let scale { value = mean + (value - mean) * scale }
                    values[row] = value
                }
            }
            return .numeric(values)
        }
        let index = column - Self.numericColumns
        return .categorical(Self.categories(Self.categoricalLevels[index], rows, changed: index == 0, &generator))
    }

    /// Generator draws per value of column `column`: two for the normal, lognormal and gamma columns and
    /// one for the uniform and categorical ones (see ``draw(_:_:_:)`` and ``categories(_:_:changed:_:)``).
    private static func drawsPerValue(_ column: Int) -> Int {
        column < numericColumns && column % 4 != 2 ? 2 : 1
    }

    /// `rows` values of numeric column `index`, from the generator's current position.
    private static func draw(_ index: Int, _ rows: Int, _ generator: inout SplitMix64) -> [Double] {
        (0..<rows).map { _ in
            switch index % 4 {
            case 0: Double(index) * 0.5 + (1 + 0.1 * Double(index)) * generator.normal()
            case 1: exp(0.5 * generator.normal())
            case 2: -3 + 8 * generator.unit()
            default: 1.5 * (-log(generator.unit()) - log(generator.unit()))  // gamma(2, 1.5)
            }
        }
    }

    /// Population mean and standard deviation of column `index`'s generator.
    private static func moments(_ index: Int) -> (Double, Double) {
        switch index % 4 {
        case 0: return (Double(index) * 0.5, 1 + 0.1 * Double(index))
        case 1:
            let variance = 0.25
            return (exp(variance / 2), ((exp(variance) - 1) * exp(variance)).squareRoot())
        case 2: return (1, 8 / 12.0.squareRoot())
        default: return (3, 2.0.squareRoot() * 1.5)
        }
    }

    /// `rows` codes over `levels` categories, from the generator's current position.
    private static func categories(_ levels: Int, _ rows: Int, changed: Bool, _ generator: inout SplitMix64)
        -> CategoricalColumn
    {
        var weights = (0..<levels).map { 1 + Double($0) / Double(levels - 1) }
        if changed { weights = weights.reversed().map { pow($0, 1.5) } }
        let total = weights.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for weight in weights {
            running += weight / total
            cumulative.append(running)
        }
        let codes = (0..<rows).map { _ -> Int32 in
            let draw = generator.unit()
            return Int32(cumulative.firstIndex { draw <= $0 } ?? levels - 1)
        }
        return CategoricalColumn(categories: (0..<levels).map { "L\($0)" }, codes: codes)
    }
}
