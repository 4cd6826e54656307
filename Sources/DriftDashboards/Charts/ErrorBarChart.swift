/// Differences between versions with their 95% intervals: one row per comparison, a dot at the estimate
/// and a bar over the interval, on a horizontal axis in percentage points centred on zero (no difference).
struct ErrorBarChart {
    /// One comparison: B − A in percentage points.
    struct Row {
        var label: String
        var estimate: Double
        var lower: Double
        var upper: Double
        var pvalue: Double
    }

    var title: String
    var rows: [Row]
    var note = ""

    private static let width = 720.0
    private static let left = 150.0
    private static let right = 20.0
    private static let rowHeight = 30.0
    private static let top = 8.0
    private static let bottom = 34.0

    /// Half the axis' span: the largest bound rounded up to a multiple of 5 points (at least 5).
    var halfSpan: Double {
        let largest = rows.flatMap { [abs($0.lower), abs($0.upper), abs($0.estimate)] }.filter(\.isFinite).max() ?? 0
        return max(5, (largest / 5).rounded(.up) * 5)
    }

    func figure() -> ChartFigure {
        ChartFigure(
            title: title, svg: svg(),
            legend: [.init(label: "estimate and 95% interval", keyClass: "s0", swatch: false)], note: note, size: "full"
        )
    }

    func svg() -> String {
        let height = Self.top + Double(rows.count) * Self.rowHeight + Self.bottom
        let plotWidth = Self.width - Self.left - Self.right
        let span = halfSpan
        func x(_ points: Double) -> Double { Self.left + plotWidth * (points + span) / (2 * span) }
        let summary =
            rows.map {
                "\($0.label): \(TextFormat.decimal($0.estimate, digits: 1)) points, 95% CI [\(TextFormat.decimal($0.lower, digits: 1)), \(TextFormat.decimal($0.upper, digits: 1))], p = \(TextFormat.number($0.pvalue))"
            }.joined(separator: "; ")
        var svg = SVGWriter(reservingCapacity: 1_024 + rows.count * 400)
        svg.open(
            "svg",
            [
                ("class", "chart"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(height))"), ("role", "img"),
                ("aria-label", summary),
            ])
        svg.title(summary)
        let axisY = Self.top + Double(rows.count) * Self.rowHeight
        for tick in stride(from: -span, through: span, by: span / 2) {
            let position = SVGWriter.number(x(tick))
            svg.empty(
                "path", [("class", tick == 0 ? "axis" : "grid"), ("d", "M\(position) \(Int(Self.top))V\(Int(axisY))")])
            svg.element(
                "text", [("class", "xa"), ("x", position), ("y", SVGWriter.number(axisY + 14))],
                text: (tick > 0 ? "+" : "") + TextFormat.decimal(tick, digits: 1))
        }
        svg.element(
            "text",
            [("class", "xt"), ("x", SVGWriter.number(Self.left + plotWidth / 2)), ("y", SVGWriter.number(axisY + 30))],
            text: "difference B − A (percentage points)")
        for (index, row) in rows.enumerated() {
            let y = SVGWriter.number(Self.top + (Double(index) + 0.5) * Self.rowHeight)
            svg.open("g")
            svg.title(
                "\(row.label): \(TextFormat.decimal(row.estimate, digits: 1)) points, 95% CI [\(TextFormat.decimal(row.lower, digits: 1)), \(TextFormat.decimal(row.upper, digits: 1))], p = \(TextFormat.number(row.pvalue))"
            )
            svg.element(
                "text", [("class", "ya"), ("x", SVGWriter.number(Self.left - 8)), ("y", y), ("dy", "4")],
                text: row.label)
            let (low, high) = (x(max(row.lower, -span)), x(min(row.upper, span)))
            svg.empty(
                "path",
                [
                    ("class", "line s0"),
                    (
                        "d",
                        "M\(SVGWriter.number(low)) \(y)H\(SVGWriter.number(high))M\(SVGWriter.number(low)) \(y)m0 -6v12M\(SVGWriter.number(high)) \(y)m0 -6v12"
                    ),
                ])
            svg.empty("circle", [("class", "f0"), ("cx", SVGWriter.number(x(row.estimate))), ("cy", y), ("r", "4")])
            svg.close("g")
        }
        svg.close("svg")
        return svg.text
    }
}
