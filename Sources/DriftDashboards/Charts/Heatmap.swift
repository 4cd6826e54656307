/// Features × windows, each cell coloured by the feature's PSI in that window, in eight buckets whose
/// boundaries are fixed fractions of the PSI threshold t (⅛t, ¼t, ½t, ¾t, t, 1.5t, 2.5t), so the threshold
/// is always a bucket boundary: the four lighter (light mode) buckets are below it, the four darker at or
/// above it — drift in the sense of the decision.
///
/// Compactness: 50 features × 720 windows are 36,000 cells. Instead of one element per cell, each colour
/// bucket is **one `<path>`** of horizontal strokes: a run of equal-bucket cells in a row is one `h`
/// command, and runs are joined by relative moves, in a coordinate system of one unit per cell (the group
/// is scaled to the drawing), so a run costs about six bytes. Each row has one transparent `<rect>` whose
/// `<title>` is the row's tooltip.
struct Heatmap {
    /// One feature's row.
    struct Row {
        var name: String
        /// Link to the feature's page, relative to the page the heatmap is on.
        var href: String
        /// One entry per axis slot: nil where no window was evaluated, NaN where the feature had too few
        /// values for statistics, else the PSI.
        var values: [Double?]
        /// Windows in which the feature drifted (by the window's own decision).
        var drifted: Int
        /// Windows with a decision.
        var decided: Int
    }

    var rows: [Row]
    var axis: TimeAxis
    /// The PSI threshold t.
    var threshold: Double
    /// Vertical lines at reference-version changes.
    var markers: [LineChart.Marker] = []

    /// Bucket boundaries as multiples of the threshold.
    static let boundaries: [Double] = [0.125, 0.25, 0.5, 0.75, 1, 1.5, 2.5]
    /// Number of colour buckets.
    static var buckets: Int { boundaries.count + 1 }
    /// The index of the boundary at the threshold (buckets from it on are drift).
    static let thresholdBoundary = 4

    /// The bucket of a PSI value: the number of boundaries at or below it.
    func bucket(_ psi: Double) -> Int {
        var index = 0
        for boundary in Self.boundaries where psi >= boundary * threshold { index += 1 }
        return index
    }

    private static let width = 960.0
    private static let top = 6.0
    private static let bottom = 34.0
    private static let right = 64.0

    private var rowHeight: Double { rows.count > 80 ? 8 : 12 }
    private var left: Double {
        let longest = rows.map { min($0.name.count, 28) }.max() ?? 8
        return min(200, max(80, Double(longest) * 6.2 + 14))
    }

    /// The chart with its caption and legend.
    func figure() -> ChartFigure {
        ChartFigure(
            title: "Drift heatmap: PSI per feature and window", svg: svg() + legendSVG(), legend: [],
            note: "Rows are sorted by the number of windows in which the feature drifted. "
                + "Hover a row for its numbers; a feature's name opens its page.",
            size: "wide")
    }

    var summary: String {
        let total = rows.reduce(0) { $0 + $1.drifted }
        let worst = rows.filter { $0.drifted > 0 }.prefix(3).map { "\($0.name) (\($0.drifted))" }
        var text =
            "PSI of \(rows.count) features over \(axis.slots) windows; \(total) feature-windows at or above the threshold \(TextFormat.number(threshold))."
        if !worst.isEmpty { text += " Most often drifted: " + worst.joined(separator: ", ") + "." }
        return text
    }

    func svg() -> String {
        let left = left
        let rowHeight = rowHeight
        let plotWidth = Self.width - left - Self.right
        let plotHeight = Double(rows.count) * rowHeight
        let height = Self.top + plotHeight + Self.bottom
        let cellWidth = plotWidth / Double(max(axis.slots, 1))
        var svg = SVGWriter(reservingCapacity: 4096 + rows.count * axis.slots * 2)
        svg.open(
            "svg",
            [
                ("class", "chart heat"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(height.rounded(.up)))"),
                ("role", "img"),
                ("aria-label", summary),
            ])
        svg.title("PSI per feature and window")
        svg.open(
            "g",
            [
                (
                    "transform",
                    "translate(\(SVGWriter.number(left)) \(SVGWriter.number(Self.top))) scale(\(TextFormat.decimal(cellWidth, digits: 5)) \(SVGWriter.number(rowHeight)))"
                )
            ])
        svg.empty("rect", [("class", "nowin"), ("width", String(axis.slots)), ("height", String(rows.count))])
        for (bucketClass, path) in cellPaths() {
            svg.empty("path", [("class", "hm " + bucketClass), ("d", path)])
        }
        for (index, row) in rows.enumerated() {
            svg.open("rect", [("class", "hit"), ("y", String(index)), ("width", String(axis.slots)), ("height", "1")])
            svg.title(rowTooltip(row))
            svg.close("rect")
        }
        svg.close("g")
        for (index, row) in rows.enumerated() {
            let baseline = Self.top + (Double(index) + 0.5) * rowHeight + 3.5
            let shown = row.name.count > 28 ? String(row.name.prefix(27)) + "…" : row.name
            svg.open("a", [("href", row.href)])
            svg.element(
                "text", [("class", "rl"), ("x", SVGWriter.number(left - 6)), ("y", SVGWriter.number(baseline))],
                text: shown)
            svg.close("a")
            svg.element(
                "text",
                [
                    ("class", "rc"), ("x", SVGWriter.number(Self.width - Self.right + 6)),
                    ("y", SVGWriter.number(baseline)),
                ],
                text: "\(row.drifted)/\(row.decided)")
        }
        svg.element(
            "text",
            [
                ("class", "rc"), ("x", SVGWriter.number(Self.width - Self.right + 6)),
                ("y", SVGWriter.number(height - 4)),
            ],
            text: "drifted")
        let bottom = Self.top + plotHeight
        var ticks = ""
        for tick in axis.ticks(maximum: 10) {
            let x = left + axis.position(of: tick.time) * cellWidth
            ticks += "M\(SVGWriter.number(x)) \(SVGWriter.number(bottom))v4"
            svg.element(
                "text", [("class", "xa"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(bottom + 14))],
                text: tick.label)
        }
        svg.empty("path", [("class", "axis"), ("d", ticks)])
        svg.element(
            "text",
            [("class", "xt"), ("x", SVGWriter.number(left + plotWidth / 2)), ("y", SVGWriter.number(height - 4))],
            text: "window start (UTC), one column per \(TextFormat.duration(axis.step)) window")
        for marker in markers {
            let x = left + axis.position(of: marker.time) * cellWidth
            svg.open("g", [("class", "marker")])
            svg.title(marker.label)
            svg.empty(
                "path", [("d", "M\(SVGWriter.number(x)) \(SVGWriter.number(Self.top))v\(SVGWriter.number(plotHeight))")]
            )
            svg.close("g")
        }
        svg.close("svg")
        return svg.text
    }

    /// One path per colour class (`h0`…`h7`, and `hn` for too few values), each a sequence of runs.
    func cellPaths() -> [(String, String)] {
        let insufficient = Self.buckets
        var paths = [String](repeating: "", count: Self.buckets + 1)
        var cursors = [(x: Int, y: Int)?](repeating: nil, count: Self.buckets + 1)
        for (rowIndex, row) in rows.enumerated() {
            var slot = 0
            while slot < row.values.count {
                guard let value = row.values[slot] else {
                    slot += 1
                    continue
                }
                let cellClass = value.isNaN ? insufficient : bucket(value)
                var end = slot + 1
                while end < row.values.count, let next = row.values[end],
                    (next.isNaN ? insufficient : bucket(next)) == cellClass
                {
                    end += 1
                }
                if let cursor = cursors[cellClass] {
                    let dx = slot - cursor.x
                    let dy = rowIndex - cursor.y
                    paths[cellClass] += "m" + String(dx) + (dy < 0 ? "" : " ") + String(dy)
                } else {
                    paths[cellClass] += "M" + String(slot) + " " + String(rowIndex) + ".5"
                }
                paths[cellClass] += "h" + String(end - slot)
                cursors[cellClass] = (end, rowIndex)
                slot = end
            }
        }
        return paths.enumerated().compactMap { index, path in
            path.isEmpty ? nil : (index == insufficient ? "hn" : "h\(index)", path)
        }
    }

    private func rowTooltip(_ row: Row) -> String {
        let present = row.values.compactMap { $0 }.filter { !$0.isNaN }
        var text = row.name
        if let last = row.values.last(where: { $0 != nil && !$0!.isNaN }) ?? nil {
            text += ": latest PSI \(TextFormat.number(last))"
        }
        if let high = present.max() { text += ", max \(TextFormat.number(high))" }
        text += "; drifted in \(row.drifted) of \(row.decided) windows with a decision"
        let insufficient = row.values.filter { $0?.isNaN == true }.count
        if insufficient > 0 { text += "; \(insufficient) windows with too few values" }
        return text
    }

    /// The colour key: the eight buckets with their PSI boundaries, the threshold marked, and the two
    /// kinds of empty cell.
    func legendSVG() -> String {
        let swatch = 44.0
        let left = 10.0
        var svg = SVGWriter(reservingCapacity: 2048)
        svg.open(
            "svg",
            [
                ("class", "chart legend-bar"), ("viewBox", "0 0 640 52"), ("role", "img"),
                (
                    "aria-label",
                    "Colour key: PSI in eight buckets; the threshold \(TextFormat.number(threshold)) separates the four lighter buckets (no drift) from the four darker (drift); grey: too few values; blank: no window"
                ),
            ])
        svg.title("Colour key")
        for index in 0..<Self.buckets {
            let low = index == 0 ? 0 : Self.boundaries[index - 1] * threshold
            let high = index < Self.boundaries.count ? Self.boundaries[index] * threshold : nil
            svg.open(
                "rect",
                [
                    ("class", "k\(index)"), ("x", SVGWriter.number(left + Double(index) * swatch)), ("y", "6"),
                    ("width", SVGWriter.number(swatch)), ("height", "14"),
                ])
            svg.title(
                "PSI "
                    + (high.map { "\(TextFormat.number(low)) to \(TextFormat.number($0))" }
                        ?? "≥ \(TextFormat.number(low))"))
            svg.close("rect")
        }
        for (index, boundary) in Self.boundaries.enumerated() {
            let x = left + Double(index + 1) * swatch
            svg.element(
                "text", [("class", "xa"), ("x", SVGWriter.number(x)), ("y", "32")],
                text: TextFormat.number(boundary * threshold))
        }
        let thresholdX = left + Double(Self.thresholdBoundary + 1) * swatch
        svg.empty("path", [("class", "threshold"), ("d", "M\(SVGWriter.number(thresholdX)) 2v22")])
        svg.element(
            "text", [("class", "xa strong"), ("x", SVGWriter.number(thresholdX)), ("y", "46")],
            text: "threshold \(TextFormat.number(threshold)): drift at or above")
        svg.element("text", [("class", "xa"), ("x", SVGWriter.number(left)), ("y", "32")], text: "0")
        let extra = left + Double(Self.buckets) * swatch + 18
        svg.empty(
            "rect",
            [("class", "nodata"), ("x", SVGWriter.number(extra)), ("y", "6"), ("width", "14"), ("height", "14")])
        svg.element(
            "text", [("class", "lg"), ("x", SVGWriter.number(extra + 18)), ("y", "17")], text: "too few values")
        svg.empty(
            "rect",
            [("class", "nowin framed"), ("x", SVGWriter.number(extra)), ("y", "28"), ("width", "14"), ("height", "14")])
        svg.element("text", [("class", "lg"), ("x", SVGWriter.number(extra + 18)), ("y", "39")], text: "no window")
        svg.close("svg")
        return svg.text
    }
}
